"""tokumei on Apache Spark.

  tokumei-spark run JOB [--master URL] [--partitions N] [--single-line DATASET] [--out-dir DIR]
  tokumei-spark pass1 JOB --dataset NAME --out DIR [--master URL]
"""

import argparse
import sys

from tokumei_spark.driver import pass1, run


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="tokumei-spark", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("pass1", help="one dataset's column rules on Spark, written as Parquet")
    a.add_argument("job")
    a.add_argument("--dataset", required=True)
    a.add_argument("--out", required=True, help="a new folder for the Parquet files")
    a.add_argument("--master", default="local[2]")
    a.add_argument("--partitions", type=int, default=None)
    a.add_argument("--binary", default=None, help="the tokumei binary (default: TOKUMEI_BIN or PATH)")
    a.add_argument("--run-key-file", default=None, help="anonymous mode: the run's key (hex) in a file")
    r = sub.add_parser("run", help="deliver a job: pass 1, known values and class tables on Spark; then the binary gates, checks and delivers")
    r.add_argument("job")
    r.add_argument("--master", default=None, help="Spark master (default: spark-submit's or local[*])")
    r.add_argument("--partitions", type=int, default=None)
    r.add_argument("--out-dir", default=None, help="deliver here instead of the job's output-dir")
    r.add_argument("--binary", default=None, help="the tokumei binary (default: TOKUMEI_BIN or PATH)")
    r.add_argument("--work-dir", default=None, help="scratch space for pass 1, class tables and counts (default: the system's temp folder)")
    r.add_argument("--single-line", action="append", default=[], metavar="DATASET",
                   help="this dataset's CSV has no line break inside a quoted value: Spark splits "
                        "its files into many tasks (repeatable; default: one task per file)")
    args = p.parse_args(argv)
    if args.command == "run":
        try:
            return run(args.job, master=args.master, partitions=args.partitions,
                       binary=args.binary, out_dir=args.out_dir, work_dir=args.work_dir,
                       single_line=args.single_line)
        except RuntimeError as e:
            print(f"error: {e}", file=sys.stderr)
            return 3
    try:
        pass1(
            args.job,
            args.dataset,
            args.out,
            master=args.master,
            partitions=args.partitions,
            binary=args.binary,
            run_key_file=args.run_key_file,
        )
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
