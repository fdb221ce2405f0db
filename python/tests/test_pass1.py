"""Spark test (issue 15): one dataset's pass 1 on Spark `local[2]` equals `tokumei run`'s
delivered dataset, as a row set, for both sample datasets of the pseudonymous job (same key,
4 partitions) and for a column whose name holds a dot. And a failing task fails the run with the
binary's message. (The 200k-row log is test_run.py's.)

Run by `.ci/run` with a venv holding pyspark[sql], pyarrow and pandas:
    TOKUMEI_BIN=... python python/tests/test_pass1.py
"""

import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
# Spark's Python workers unpickle the partition function from `tokumei_spark`: they import the
# package from this checkout too (on a new machine the wheel is not installed yet).
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in [str(ROOT / "python"), os.environ.get("PYTHONPATH")] if p
)

import pyarrow.parquet as pq  # noqa: E402

from tokumei_spark import find_binary, pass1  # noqa: E402

KEY = "4f9c2b7e1d3a5c6b8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"
JOB = str(ROOT / "jobs/internal_analytics.toml")


def rows(table):
    """A Parquet table as a sorted list of rows, timestamps as UTC microseconds."""
    df = table.to_pandas()
    for c in df.columns:
        if str(df[c].dtype).startswith("datetime"):
            df[c] = df[c].dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    return sorted(map(tuple, df.astype(str).values.tolist()))


def main():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    binary = find_binary()
    tmp = pathlib.Path(tempfile.mkdtemp())
    os.environ["TOKUMEI_KEY"] = KEY
    single = tmp / "single"
    subprocess.run([binary, "-q", "run", JOB, "--out-dir", str(single)], check=True)
    cases = [(JOB, single, "customers", 4), (JOB, single, "access_log", 4)]
    # (The same job on a generated 200k-row log is test_run.py's: its delivered datasets are
    # pass 1's, since the job has no gate.)
    # A column whose name holds a dot (Spark reads a dot as a struct field unless the name is
    # quoted): the same customers with `gender` renamed `gen.der`.
    dotted = tmp / "dotted"
    dotted.mkdir()
    lines = (ROOT / "sample_data/customers.csv").read_text(encoding="utf-8").split("\n", 1)
    (dotted / "customers.csv").write_text(lines[0].replace("gender", "gen.der") + "\n" + lines[1],
                                          encoding="utf-8")
    dot_job = tmp / "dotted.toml"
    dot_job.write_text(
        pathlib.Path(JOB).read_text(encoding="utf-8")
        .replace('input = "../sample_data/customers.csv"', f'input = "{dotted / "customers.csv"}"')
        .replace("../sample_data", str(ROOT / "sample_data"))
        .replace('\ngender = "keep"', '\n"gen.der" = "keep"')
    )
    dot_single = tmp / "dot_single"
    subprocess.run([binary, "-q", "run", str(dot_job), "--out-dir", str(dot_single)], check=True)
    cases.append((str(dot_job), dot_single, "customers", 3))
    for job, delivered, ds, parts in cases:
        out = tmp / f"spark_{pathlib.Path(job).stem}_{ds}"
        pass1(job, ds, str(out), master="local[2]", partitions=parts, binary=binary)
        got = pq.read_table(str(out))
        want = pq.read_table(str(delivered / f"{ds}.parquet"))
        assert got.column_names == want.column_names, (ds, got.column_names, want.column_names)
        assert got.num_rows == want.num_rows, (ds, got.num_rows, want.num_rows)
        assert rows(got) == rows(want), f"{ds}: Spark's pass 1 differs from tokumei run's"
        print(f"ok: {pathlib.Path(job).name} {ds}: {got.num_rows} rows from {parts} partitions equal tokumei run's")
    # A task that fails (here: a run key that is not hex) fails the run with the binary's
    # message, and nothing is written.
    bad_key = tmp / "bad.key"
    bad_key.write_text("not-a-hex-key")
    partner = str(ROOT / "jobs/partner_delivery.toml")
    try:
        pass1(partner, "customers", str(tmp / "failed"), master="local[2]", partitions=2,
              binary=binary, run_key_file=str(bad_key))
    except Exception as e:  # noqa: BLE001 (Spark wraps the task's error)
        assert "not hex" in str(e), str(e)[-800:]
        assert not (tmp / "failed" / "_SUCCESS").exists()
        print("ok: a failing task fails the run with the binary's message")
    else:
        raise AssertionError("the run with a bad key succeeded")


if __name__ == "__main__":
    main()
