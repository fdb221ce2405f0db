"""tokumei on Apache Spark (issue 15).

Spark does the distribution; the `tokumei` binary does the anonymisation, so the two cannot
drift apart. Spark reads the inputs as text columns and pipes each partition through
`tokumei filter` as an Arrow IPC stream (`DataFrame.mapInArrow`), collects the known values, and
groups each gated dataset's pass 1 output into the risk gate's class table; `tokumei run --pass1`
then searches on that table, rewrites and checks the data in one read, writes the report and
delivers atomically. See the README's "Spark" section for what still runs on the driver.
"""

from .driver import pass1, run, find_binary  # noqa: F401
