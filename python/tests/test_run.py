"""Spark test (issue 15): `tokumei-spark run` delivers a job like `tokumei run`.

- Pseudonymous (`jobs/internal_analytics.toml`, one kept key): every delivered dataset equals
  `tokumei run`'s as a row set, and the report's figures (rows in and out, nulls in, unparsed,
  nulls out per column; k, classes, suppressed rows) are equal.
- Anonymous (`jobs/partner_delivery.toml`, a fresh key per run): the row counts, the risk
  figures and the chosen generalisation levels are equal (pseudonyms differ by design).
- Both jobs on the sample data (4 partitions) and on a generated 200k-row log (8 partitions,
  the log read with --single-line so Spark splits it); the partner job also pseudonymous at
  200k rows (its gates on Spark's class tables: every gate figure equal, and the rows), and
  pseudonymous on the sample with linked suppression between its datasets (gated by the
  binary alone).
- A failing task fails the run with the binary's message and delivers nothing; so do a task
  whose binary is killed, a task without the kept key, a class table that lost a class, and a
  failure after pass 1, and no scratch folder is left behind.

Run by `.ci/run` in the Spark venv, with the wheel (`maturin build`) installed there:
    TOKUMEI_FROM_WHEEL=1 python python/tests/test_run.py
(or TOKUMEI_BIN=... to test a binary of your own).
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

import pyarrow.parquet as pq  # noqa: E402

from tokumei_spark import find_binary, run  # noqa: E402

KEY = "4f9c2b7e1d3a5c6b8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f"


def rows(table):
    """A Parquet table as a sorted list of rows, as text."""
    return sorted(map(tuple, table.to_pandas().astype(str).values.tolist()))


def figures(report, with_nulls=True):
    """What must agree between the two runs' reports, per dataset."""
    out = {}
    for d in report["datasets"]:
        f = {"rows_in": d["rows_in"], "rows_out": d["rows_out"]}
        if with_nulls:
            f["columns"] = [
                (c["name"], c["nulls_in"], c["unparsed"], c["nulls_out"]) for c in d["columns"]
            ]
        r = d.get("risk")
        if r:
            f["risk"] = {
                "k_before": r["before"]["k"],
                "k_after": r["after"]["k"],
                "classes_after": r["after"]["classes"],
                "suppressed_rows": r["suppressed_rows"],
                "suppressed_subjects": r["suppressed_subjects"],
                "levels": [(g["column"], g["level"]) for g in r["generalisation"]],
                "traces": json.dumps(
                    {k: v for k, v in (r.get("traces") or {}).items()}, sort_keys=True
                ),
                # Every figure of the gate, to the last digit (the search runs on Spark's
                # group-by in one run and on the binary's own class table in the other).
                "gate": json.dumps(
                    {k: v for k, v in r.items() if k not in ("timings_ms", "traces")},
                    sort_keys=True,
                ),
            }
        out[d["name"]] = f
    return out


def deliver_both(binary, job, tmp, tag, partitions):
    single = tmp / f"{tag}_single"
    spark = tmp / f"{tag}_spark"
    subprocess.run([binary, "-q", "run", str(job), "--out-dir", str(single)], check=True)
    # The generated logs have no line break inside a value: Spark splits them into tasks.
    single_line = ("access_log",) if tag.endswith("_200k") else ()
    status = run(str(job), master="local[2]", partitions=partitions, binary=binary,
                 out_dir=str(spark), work_dir=str(tmp), single_line=single_line)
    assert status == 0, f"{tag}: tokumei-spark run exited {status}"
    return single, spark


def main():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["TOKUMEI_KEY"] = KEY
    binary = find_binary()
    if os.environ.get("TOKUMEI_FROM_WHEEL"):
        # CI installs the wheel and runs this test on the binary it carries.
        import sysconfig

        wheel_bin = pathlib.Path(sysconfig.get_path("scripts")) / "tokumei"
        assert binary == str(wheel_bin.resolve()), f"the binary is {binary}, not the wheel's"
        print(f"ok: the binary comes from the installed wheel ({binary})")
    tmp = pathlib.Path(tempfile.mkdtemp())
    gen = tmp / "gen"
    subprocess.run(
        [sys.executable, str(ROOT / "sample_data/generate.py"), "--out", str(gen),
         "--customers", "2000", "--log-rows", "200000"],
        check=True, stdout=subprocess.DEVNULL,
    )
    jobs = []
    for name in ["internal_analytics", "partner_delivery"]:
        src = ROOT / "jobs" / f"{name}.toml"
        jobs.append((name, src, 4))
        big = tmp / f"{name}_200k.toml"
        big.write_text(
            src.read_text(encoding="utf-8")
            .replace("../sample_data", str(gen))
            .replace("#:schema ./job.schema.json", "")
        )
        jobs.append((f"{name}_200k", big, 8))
    # The partner job in pseudonymous mode (one kept key): its gated datasets must then equal
    # as row sets too, once with the gates on Spark's class tables (no link between the
    # datasets) and once with the log's customer_id in the customers' pseudonym domain, so
    # linked suppression links them and the binary gates both on its own.
    partner = (ROOT / "jobs/partner_delivery.toml").read_text(encoding="utf-8")
    pseudo = (
        partner.replace('mode = "anonymous"', 'mode = "pseudonymous"')
        .replace('recipient-kind = "third-party"', 'recipient-kind = "contractor"')
        .replace("../sample_data", str(gen))
        .replace("#:schema ./job.schema.json", "")
    )
    assert pseudo != partner
    # (The linked one on the sample data, to keep the Spark tests within three minutes.)
    linked = (
        pseudo.replace(', domain = "access_log.customer_id"', "").replace(str(gen), str(ROOT / "sample_data"))
    )
    assert linked != pseudo
    for tag, text, parts in [("partner_pseudonymous_200k", pseudo, 8), ("partner_linked", linked, 4)]:
        path = tmp / f"{tag}.toml"
        path.write_text(text)
        jobs.append((tag, path, parts))
    for tag, job, parts in jobs:
        single, spark = deliver_both(binary, job, tmp, tag, parts)
        a = json.loads((single / "report.json").read_text(encoding="utf-8"))
        b = json.loads((spark / "report.json").read_text(encoding="utf-8"))
        pseudonymous = a["mode"] == "pseudonymous"
        assert figures(a) == figures(b), f"{tag}: the reports' figures differ:\n{figures(a)}\n{figures(b)}"
        for d in a["datasets"]:
            got = pq.read_table(str(spark / d["output"]["file"]))
            want = pq.read_table(str(single / d["output"]["file"]))
            assert got.column_names == want.column_names, (tag, d["name"])
            assert got.num_rows == want.num_rows, (tag, d["name"], got.num_rows, want.num_rows)
            if pseudonymous:
                assert rows(got) == rows(want), f"{tag} {d['name']}: rows differ from tokumei run's"
        assert (spark / "manifest.json").exists() and (spark / "SHA256SUMS").exists()
        print(f"ok: {tag}: tokumei-spark run ({parts} partitions) delivers what tokumei run does"
              + (" (row sets equal)" if pseudonymous else " (counts, risk figures and levels equal)"))
    # The gate's class table is Spark's group-by, checked against pass 1: a table that lost a
    # class (here: its last row) stops the run before anything is delivered.
    import shutil

    import tokumei_spark.driver as driver

    grouped = driver._group_classes

    def lossy(spark, staged, out, classes):
        figures = grouped(spark, staged, out, classes)
        t = pq.read_table(out)
        shutil.rmtree(out)
        os.makedirs(out)
        pq.write_table(t.slice(0, t.num_rows - 1), os.path.join(out, "part-0.parquet"))
        return figures

    driver._group_classes = lossy
    out = tmp / "lossy"
    try:
        status = run(str(ROOT / "jobs/partner_delivery.toml"), master="local[2]", partitions=2,
                     binary=binary, out_dir=str(out), work_dir=str(tmp))
    finally:
        driver._group_classes = grouped
    assert status != 0, "a run whose class table lost a class delivered"
    assert not out.exists(), "a run whose class table lost a class delivered something"
    print(f"ok: the gate searches on Spark's class table, checked against pass 1 (a lossy one exits {status})")
    # A task whose binary fails (refusing its input, killed, without a key) fails the Spark job
    # with the binary's message, and nothing is delivered. A wrapper plays the failing binary.
    out = tmp / "failed"

    def failing_task(name, filter_line, expected, what):
        """A run whose `tokumei filter` tasks go through a wrapper (`filter_line`: the shell
        `case` branch for `filter`) fails with `expected` in its error; nothing is delivered."""
        wrapper = tmp / name
        wrapper.write_text(
            "#!/bin/sh\n"
            f'case "$*" in *--schema*) exec "{binary}" "$@";; esac\n'
            f'case "$1" in filter) {filter_line};; esac\n'
            f'exec "{binary}" "$@"\n'
        )
        wrapper.chmod(0o755)
        try:
            status = run(str(ROOT / "jobs/internal_analytics.toml"), master="local[2]",
                         partitions=2, binary=str(wrapper), out_dir=str(out), work_dir=str(tmp))
        except Exception as e:  # noqa: BLE001 (Spark wraps the task's error)
            assert expected in str(e), str(e)[-800:]
        else:
            raise AssertionError(f"a run whose tasks {what} exited {status}")
        assert not out.exists(), f"a run whose tasks {what} delivered something"

    # The binary refusing its input: its message is the run's.
    failing_task("failing-tokumei",
                 'echo "error: filter: simulated failure of one task" >&2; exit 3',
                 "simulated failure of one task", "failed")
    print("ok: a failing task fails the run with the binary's message; nothing delivered")
    # Killed (the OOM killer, a container limit): it says nothing itself; the run says so.
    failing_task("killed-tokumei", "kill -9 $$", "tokumei filter was killed (SIGKILL)",
                 "were killed")
    print("ok: a task whose binary is killed fails the run saying so; nothing delivered")
    # An executor without the kept key (pseudonymous mode): the binary's own message.
    failing_task("keyless-tokumei", f'exec env -u TOKUMEI_KEY "{binary}" "$@"',
                 "needs the kept key", "had no key")
    print("ok: a task without the kept key fails the run with the binary's message; nothing delivered")
    # A row Spark cannot read fails the run without quoting it: Spark's message can hold the
    # record, so only its error class is shown. (The row is far past the first megabyte the
    # binary samples when it loads the job, so Spark is the one to meet it.)
    bad = tmp / "bad"
    subprocess.run(
        [sys.executable, str(ROOT / "sample_data/generate.py"), "--out", str(bad),
         "--customers", "20000", "--log-rows", "100"],
        check=True, stdout=subprocess.DEVNULL,
    )
    lines = (bad / "customers.csv").read_text(encoding="utf-8").splitlines()
    secret = "ZZSECRET-4711-VALUE"
    cut = len(lines) - 10
    (bad / "customers.csv").write_text(
        "\n".join(lines[:cut] + [f'"{secret},"unclosed'] + lines[cut:]) + "\n", encoding="utf-8")
    bad_job = tmp / "bad.toml"
    bad_job.write_text(
        (ROOT / "jobs/internal_analytics.toml").read_text(encoding="utf-8")
        .replace("../sample_data/customers.csv", str(bad / "customers.csv"))
        .replace("../sample_data", str(ROOT / "sample_data"))
    )
    # In a child process, so that everything Spark and the JVM print is captured: the marker
    # must not appear anywhere, not only in the error message.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    env.pop("TOKUMEI_SPARK_LOG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tokumei_spark", "run", str(bad_job), "--master", "local[2]",
         "--partitions", "2", "--binary", binary, "--out-dir", str(out), "--work-dir", str(tmp),
         "--single-line", "customers"],
        capture_output=True, env=env, timeout=600,
    )
    said = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0, "a malformed input was delivered"
    assert secret not in said, "a failed read quoted the input on stderr"
    assert secret not in done.stdout.decode("utf-8", "replace"), "a failed read quoted the input on stdout"
    assert "dataset `customers`" in said, said[-800:]
    assert "Spark failed with" in said, said[-800:]
    print(f"ok: a row Spark cannot read fails the run without quoting it on stdout or stderr "
          f"({said.strip().splitlines()[-1]})")
    assert not out.exists(), "a failed run delivered something"
    # A failure after pass 1 (here: the kept key is missing where the binary delivers) exits
    # with the binary's status and delivers nothing.
    del os.environ["TOKUMEI_KEY"]
    status = run(str(ROOT / "jobs/internal_analytics.toml"), master="local[2]", partitions=2,
                 binary=binary, out_dir=str(out), work_dir=str(tmp))
    assert status == 2, status
    assert not out.exists(), "a failed run delivered something"
    leftovers = [p for p in tmp.iterdir() if p.name.startswith("tokumei-spark-")]
    assert not leftovers, f"scratch folders left behind: {leftovers}"
    print("ok: a failure after pass 1 exits with the binary's status; nothing delivered, no scratch left")


if __name__ == "__main__":
    main()
