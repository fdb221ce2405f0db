"""The driver: Spark reads, `tokumei filter` transforms each partition, Spark writes."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path


def find_binary(explicit=None):
    """The tokumei binary: `explicit`, `TOKUMEI_BIN`, the one this package's wheel installed
    (beside the interpreter's scripts), or `tokumei` on PATH."""
    import sysconfig

    wheel = Path(sysconfig.get_path("scripts")) / "tokumei"
    for candidate in [explicit, os.environ.get("TOKUMEI_BIN"), str(wheel), shutil.which("tokumei")]:
        if candidate and Path(candidate).is_file():
            return str(Path(candidate).resolve())
    raise RuntimeError(
        "no tokumei binary: install the tokumei-spark wheel (it carries one), pass --binary, "
        "set TOKUMEI_BIN or put tokumei on PATH"
    )


def _dataset(job_path, name):
    job = tomllib.loads(Path(job_path).read_text(encoding="utf-8"))
    try:
        d = job["datasets"][name]
    except KeyError:
        raise RuntimeError(f"the job has no dataset `{name}`") from None
    csv = d.get("csv", {})
    if csv.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
        raise RuntimeError("this driver reads UTF-8 CSV only so far; convert the input first")
    path = (Path(job_path).parent / d["input"]).resolve()
    return path, csv.get("delimiter", ","), csv.get("quote", '"'), job.get("mode")


def _spark_type(t):
    """A polars dtype as `tokumei filter --schema` prints it, as a Spark type."""
    from pyspark.sql import types as T

    if t == "str":
        return T.StringType()
    if t.startswith("datetime"):
        return T.TimestampType()
    if t == "date":
        return T.DateType()
    if t in ("i64", "u32", "i32"):
        return T.LongType()
    if t in ("f64", "f32"):
        return T.DoubleType()
    if t == "bool":
        return T.BooleanType()
    raise RuntimeError(f"no Spark type for the output type `{t}` yet")


def _schema_info(binary, job, dataset):
    """What `tokumei filter --schema` says of a dataset: its output columns and types, and the
    columns of its risk gate's class table (`classes`; None: the binary builds it)."""
    out = subprocess.run(
        [binary, "filter", job, "--dataset", dataset, "--schema"], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def _schema(binary, job, dataset):
    return _schema_info(binary, job, dataset)["columns"]


def _group_classes(spark, staged, out, classes):
    """The risk gate's class table, grouped by Spark: pass 1's output (`staged`, Parquet)
    grouped by the quasi-identifiers, subject and sensitive attributes (`classes`, named
    `__k0`, `__k1`, ... in that order) with the rows of each group in `__rows`, written to
    `out`. One row per distinct combination: what the binary's search needs, without the
    driver's machine reading the data. Returns pass 1's output figures (rows, nulls per column)
    for the report."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(staged)
    counted = df.select(
        F.count(F.lit(1)).alias("__rows"),
        *[F.sum(_col(c).isNull().cast("long")).alias(f"__n{i}") for i, c in enumerate(df.columns)],
    ).first()
    keys = [f"__k{i}" for i in range(len(classes))]
    (
        df.select(*[_col(c).alias(k) for c, k in zip(classes, keys)])
        .groupBy(*keys)
        .agg(F.count(F.lit(1)).alias("__rows"))
        .write.mode("errorifexists")
        .parquet(out)
    )
    return {
        "rows": int(counted["__rows"]),
        "nulls": {c: int(counted[f"__n{i}"] or 0) for i, c in enumerate(df.columns)},
    }


def _shipped(path):
    """A file the driver shipped with `addFile`: the driver's path where this process sees it
    (local mode), else Spark's copy on this executor."""
    if not path or os.path.isfile(path):
        return path
    from pyspark import SparkFiles

    return SparkFiles.get(os.path.basename(path))


def _partition_filter(binary, job, dataset, run_key_file, arrow_schema, known_file=None,
                      names=None):
    """The function Spark runs per partition: the batches through `tokumei filter`. `names`:
    the input's real column names, when Spark was handed positional ones."""

    def run(batches):
        import pyarrow as pa

        # On a cluster the driver's paths may not exist on an executor: the binary is then the
        # executor's own (its wheel or PATH), and the run's key and known values the copies
        # Spark shipped.
        exe = binary if os.path.isfile(binary) else find_binary()
        key = _shipped(run_key_file)
        known = _shipped(known_file)

        sink = pa.BufferOutputStream()
        writer = None
        for b in batches:
            if names:
                b = pa.RecordBatch.from_arrays(b.columns, names=names)
            if writer is None:
                writer = pa.ipc.new_stream(sink, b.schema)
            writer.write_batch(b)
        if writer is None:
            return
        writer.close()
        cmd = [exe, "filter", job, "--dataset", dataset]
        if key:
            cmd += ["--run-key-file", key]
        if known:
            cmd += ["--known-file", known]
        done = subprocess.run(cmd, input=sink.getvalue().to_pybytes(), capture_output=True)
        if done.returncode < 0:
            # Killed (the kernel's OOM killer, a container limit, an operator): it said nothing.
            import signal

            try:
                name = signal.Signals(-done.returncode).name
            except ValueError:
                name = f"signal {-done.returncode}"
            raise RuntimeError(
                f"error: dataset `{dataset}`: a task's tokumei filter was killed ({name}); "
                "if the executor ran out of memory, give it more or use more, smaller partitions "
                "(--partitions)"
            )
        if done.returncode != 0:
            # The binary's message (it never holds a value) fails the task and the job.
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip())
        reader = pa.ipc.open_stream(done.stdout)
        for b in reader:
            # Spark matches columns by position and wants microsecond UTC timestamps and
            # plain (not large) strings.
            cols = []
            for field in arrow_schema:
                c = b.column(b.schema.get_field_index(field.name))
                if pa.types.is_timestamp(c.type):
                    c = c.cast(pa.timestamp("ms", tz="UTC")).cast(pa.timestamp("us", tz="UTC"))
                cols.append(c.cast(field.type))
            yield pa.RecordBatch.from_arrays(cols, schema=arrow_schema)

    return run


def _session(master, app):
    from pyspark.sql import SparkSession

    # Spark's workers run `python3` from PATH unless told: use this interpreter (and its pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .getOrCreate()
    )
    # Spark's own log lines can quote input rows (a malformed record, a failed task's data), so
    # only fatal ones are shown unless TOKUMEI_SPARK_LOG asks for more (e.g. WARN, to debug).
    spark.sparkContext.setLogLevel(os.environ.get("TOKUMEI_SPARK_LOG", "FATAL"))
    return spark


def _col(name):
    """A column by its exact name: Spark reads dots in a plain name as struct fields."""
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def _read(spark, job, dataset, single_line=False):
    """The dataset's CSV input as text columns (an empty field is null, as tokumei reads CSV)."""
    path, delimiter, quote, _ = _dataset(job, dataset)
    return spark.read.csv(
        str(path), header=True, inferSchema=False, sep=delimiter, quote=quote,
        escape=quote, multiLine=not single_line, mode="FAILFAST",
    )


def _known_values(spark, binary, job, work, single_line=()):
    """The run's known values, built once: Spark collects the distinct values of the columns
    `tokumei known --columns` names (in parallel, on the executors), the binary turns them into
    its file of keyed hashes, and the raw values are deleted at once. Returns the file's path."""
    from pyspark.sql import functions as F

    out = subprocess.run([binary, "known", job, "--columns"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    values = Path(work) / ".known-values"
    try:
        for i, d in enumerate(json.loads(out.stdout)["datasets"]):
            if not d["columns"]:
                continue
            df = _read(spark, job, d["name"], d["name"] in single_line)
            for c in d["columns"]:
                (
                    df.select(_col(c["name"]).alias("v"))
                    .where(F.col("v").isNotNull())
                    .distinct()
                    .write.parquet(str(values / str(i) / str(c["index"])))
                )
        known = Path(work) / "known.bin"
        done = subprocess.run(
            [binary, "known", job, "--values", str(values), "--out", str(known)],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip())
        return known
    finally:
        shutil.rmtree(values, ignore_errors=True)


def _pass1_on(spark, binary, job, dataset, out, partitions, run_key_file, single_line=False,
              known_file=None):
    """One dataset's pass 1 in an open session: returns (rows read, nulls per input column).

    `single_line`: the input has no line break inside a quoted value, so Spark may split each
    file into many tasks; otherwise a file is read by one task (then repartitioned). A value
    with a line break in a file read as single lines leaves an unclosed quote, which fails the
    run (FAILFAST) rather than splitting the row."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.pandas.types import to_arrow_schema

    _, _, _, mode = _dataset(job, dataset)
    if mode == "anonymous" and not run_key_file:
        raise RuntimeError("anonymous mode: pass --run-key-file with the run's key (hex), drawn once for every partition")
    columns = _schema(binary, job, dataset)
    schema = T.StructType([T.StructField(c["name"], _spark_type(c["type"]), True) for c in columns])
    df = _read(spark, job, dataset, single_line)
    if partitions:
        # Rows are transformed independently: any split gives the same row set.
        df = df.repartition(partitions)
    # The input's figures for the report: rows, and nulls per column (an empty field is null,
    # as tokumei reads CSV).
    counted = df.select(
        F.count(F.lit(1)).alias("__rows"),
        *[F.sum(_col(c).isNull().cast("long")).alias(c) for c in df.columns],
    ).first()
    nulls = {c: int(counted[c] or 0) for c in df.columns}
    try:
        # The session's time zone is UTC; pyspark 4.3 asks for it here.
        arrow_schema = to_arrow_schema(schema, timezone="UTC")
    except TypeError:
        arrow_schema = to_arrow_schema(schema)
    # Spark resolves mapInArrow's input columns by name and reads a dot as a struct field, so
    # the input goes in under positional names and the partition function restores the real
    # ones for the binary.
    names = df.columns
    positional = df.toDF(*[f"_tokumei_c{i}" for i in range(len(names))])
    out_df = positional.mapInArrow(
        _partition_filter(binary, job, dataset, run_key_file, arrow_schema, known_file, names),
        schema,
    )
    if [f.name for f in out_df.schema] != [c["name"] for c in columns]:
        raise RuntimeError("Spark's output columns differ from the filter's")
    out_df.write.mode("errorifexists").parquet(out)
    return int(counted["__rows"]), nulls


def pass1(job, dataset, out, master="local[2]", partitions=None, binary=None, run_key_file=None):
    """Runs `dataset`'s column rules on Spark and writes the result to `out` as Parquet."""
    binary = find_binary(binary)
    job = str(Path(job).resolve())
    spark = _session(master, "tokumei pass 1")
    try:
        if run_key_file:
            # Shipped to executors as a file (never a conf value or an expression).
            spark.sparkContext.addFile(str(run_key_file))
        _pass1_on(spark, binary, job, dataset, out, partitions, run_key_file)
    finally:
        spark.stop()


def _safe_message(e):
    """What a failed Spark job may say without showing data: the binary's own message (which
    never holds a value), else Spark's error class only. Spark's messages can quote the record it
    failed on (a malformed CSV row), so they are not repeated; Spark's own log has them."""
    import re

    text = str(e)
    ours = re.search(r"RuntimeError: (error: [^\n]*)", text)
    if ours:
        return ours.group(1)
    if isinstance(e, RuntimeError):
        # The driver's own messages (and the binary's, which it quotes) hold no values.
        return text
    classes = re.findall(r"\[([A-Z][A-Z_]+(?:\.[A-Z_]+)*)\]", text)
    what = f"Spark failed with {classes[0]}" if classes else f"Spark failed ({type(e).__name__})"
    return (
        f"{what} (its message may quote input rows and is not repeated here; "
        "TOKUMEI_SPARK_LOG=WARN shows Spark's log)"
    )


def _draw_key(folder):
    """Anonymous mode: the run's key, 32 random bytes in hex, in a file only this user reads."""
    path = Path(folder) / "run.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(os.urandom(32).hex())
    return path


def _destroy(path):
    """Overwrites the key file and removes it (the run's key is never kept)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            f.write(os.urandom(size))
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def run(job, master=None, partitions=None, binary=None, out_dir=None, work_dir=None,
        single_line=()):
    """Delivers `job`: every dataset's pass 1 on Spark, then `tokumei run --pass1` gates, checks
    and delivers it atomically, as `tokumei run` does. Returns the binary's exit status."""
    import tempfile

    binary = find_binary(binary)
    job = str(Path(job).resolve())
    spec = tomllib.loads(Path(job).read_text(encoding="utf-8"))
    datasets = list(spec.get("datasets", {}))
    if not datasets:
        raise RuntimeError("the job has no datasets")
    unknown = [n for n in single_line if n not in datasets]
    if unknown:
        raise RuntimeError(f"--single-line: the job has no dataset {unknown[0]!r}")
    # Private scratch space: pass 1's Parquet parts, the counts, the known values and (anonymous
    # mode) the key.
    work = Path(tempfile.mkdtemp(prefix="tokumei-spark-", dir=work_dir))
    os.chmod(work, 0o700)
    key_file = _draw_key(work) if spec.get("mode") == "anonymous" else None
    try:
        spark = _session(master, f"tokumei {spec.get('name', '')}")
        try:
            if key_file:
                # Shipped to executors as a file (never a conf value or an expression).
                spark.sparkContext.addFile(str(key_file))
            try:
                known_file = _known_values(spark, binary, job, work, single_line)
            except Exception as e:  # noqa: BLE001 (Spark raises its own types)
                raise RuntimeError(f"collecting known values: {_safe_message(e)}; nothing was delivered") from None
            # Every task reads this one file instead of every input again; `run --pass1` too.
            spark.sparkContext.addFile(str(known_file))
            counts = {}
            for name in datasets:
                try:
                    rows, nulls = _pass1_on(
                        spark, binary, job, name, str(work / name), partitions,
                        str(key_file) if key_file else None, single_line=name in single_line,
                        known_file=str(known_file),
                    )
                except Exception as e:  # noqa: BLE001 (Spark raises its own types)
                    raise RuntimeError(f"dataset `{name}`: {_safe_message(e)}; nothing was delivered") from None
                counts[name] = {"rows": rows, "nulls": nulls}
                classes = _schema_info(binary, job, name).get("classes")
                if classes:
                    # The gate searches on Spark's group-by; `run --pass1` then reads the data
                    # once (see README, "Scaling model").
                    try:
                        counts[name]["staged"] = _group_classes(
                            spark, str(work / name), str(work / f"{name}.classes"), classes
                        )
                    except Exception as e:  # noqa: BLE001 (Spark raises its own types)
                        raise RuntimeError(
                            f"dataset `{name}`: grouping the class table: {_safe_message(e)}; nothing was delivered"
                        ) from None
        finally:
            spark.stop()
        (work / "counts.json").write_text(json.dumps({"datasets": counts}), encoding="utf-8")
        cmd = [binary, "run", job, "--pass1", str(work)]
        if out_dir:
            cmd += ["--out-dir", str(out_dir)]
        return subprocess.run(cmd).returncode
    finally:
        # The key and the known values' hashes are overwritten before the folder goes.
        for secret in [key_file, work / "known.bin"]:
            if secret:
                _destroy(secret)
        shutil.rmtree(work, ignore_errors=True)
