"""tokumei on Apache Spark (issue 15, in progress).

Spark does the distribution; the `tokumei` binary does the anonymisation, so the two cannot
drift apart. This first piece runs one dataset's pass 1 (every column's rule) on Spark: Spark
reads the input as text columns, and each partition is piped through `tokumei filter` as an
Arrow IPC stream (`DataFrame.mapInArrow`). The risk gate, the delivery check, the report and the
atomic delivery are not here yet: `tokumei run` remains the way to deliver.
"""

from .driver import pass1, run, find_binary  # noqa: F401
