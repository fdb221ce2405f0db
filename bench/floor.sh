#!/usr/bin/env bash
# Benchmark (issue 11): the sample partner job against the floor, a bare polars CSV -> Parquet
# (zstd) copy of the same two files (Python polars: scan_csv(..., infer_schema=False)
# .sink_parquet(...)), run alternately on the same files. Prints wall time, CPU time (user +
# system), peak RSS and peak heap (RssAnon) of every run, the medians and the ratios, and writes
# them into BENCHMARKS.md between the `floor.sh` markers.
#
#   bash bench/floor.sh                          # 1M, 10M and 30M log rows, 100k customers
#   SIZES="1000000" ROUNDS=1 bash bench/floor.sh # a quick look
#   GEN=/tmp/g30 bash bench/floor.sh             # reuse what generate.py wrote (same sizes)
#
# One log of the largest size is generated (sample_data/generate.py) and the smaller sizes are
# its first N rows, so every size has the same 100k customers. Sizes of 30M rows or more run
# once (ROUNDS_LARGE), the others ROUNDS times (median).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000000 10000000 30000000"}
ROUNDS=${ROUNDS:-3}
ROUNDS_LARGE=${ROUNDS_LARGE:-1}
CUSTOMERS=${CUSTOMERS:-100000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tokumei-target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
python3 -c "import polars" 2>/dev/null || python3 -m pip install --quiet polars || python3 -m pip install --quiet --break-system-packages polars
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
largest=$(printf '%s\n' $SIZES | sort -n | tail -1)
if [ -n "${GEN:-}" ]; then
  # A folder generate.py already wrote with these sizes (it takes ~9 minutes for 30M rows).
  echo "using the generated files in $GEN" >&2
  mkdir -p "$WORK/gen"
  ln -sf "$(cd "$GEN" && pwd)/customers.csv" "$(cd "$GEN" && pwd)/access_log.csv" "$WORK/gen/"
else
  echo "generating $largest log rows and $CUSTOMERS customers ..." >&2
  python3 sample_data/generate.py --out "$WORK/gen" --customers "$CUSTOMERS" --log-rows "$largest" >/dev/null
fi
cat >"$WORK/bare_copy.py" <<'PY'
import sys, polars as pl
src, dst = sys.argv[1], sys.argv[2]
for f in ["customers", "access_log"]:
    pl.scan_csv(f"{src}/{f}.csv", infer_schema=False).sink_parquet(f"{dst}/{f}.parquet", compression="zstd")
PY
# Data rows of the generated log (its header line aside).
generated=$(($(wc -l <"$WORK/gen/access_log.csv") - 1))
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
for n in $SIZES; do
  data="$WORK/data_$n"
  mkdir -p "$data"
  cp "$WORK/gen/customers.csv" "$data/"
  if [ "$n" -ge "$generated" ]; then
    # The whole log: read where it lies (a copy of 8 GB would still be written back to the disk
    # while the runs read it).
    ln -s "$(readlink -f "$WORK/gen/access_log.csv")" "$data/access_log.csv"
  else
    head -n $((n + 1)) "$WORK/gen/access_log.csv" >"$data/access_log.csv"
  fi
  # What was just written reaches the disk before the timed runs, not during them.
  sync
  sed "s#\.\./sample_data#$data#; s#\.\./out/partner_delivery#$WORK/out#" jobs/partner_delivery.toml >"$WORK/partner.toml"
  rounds=$ROUNDS
  [ "$n" -ge 30000000 ] && rounds=$ROUNDS_LARGE
  echo "== $n log rows, $CUSTOMERS customers: $(du -chL "$data"/*.csv | tail -1 | cut -f1) of CSV; $(nproc) cores" >&2
  for r in $(seq "$rounds"); do
    rm -rf "$WORK/copy" && mkdir -p "$WORK/copy"
    python3 bench/measure.py --tsv "copy $n" "$n" -- python3 "$WORK/bare_copy.py" "$data" "$WORK/copy" | tee -a "$RESULTS" >&2
    rm -rf "$WORK/out"
    # A failed job is reported (its exit status and message) and the other sizes still run.
    python3 bench/measure.py --tsv "job $n" "$n" -- "$BIN" run "$WORK/partner.toml" | tee -a "$RESULTS" >&2 ||
      echo "job $n FAILED" >&2
  done
  rm -rf "$data" "$WORK/copy" "$WORK/out"
done
python3 bench/floor_report.py "$RESULTS" "bash bench/floor.sh${SIZES:+ (SIZES=\"$SIZES\")}"
