#!/usr/bin/env bash
# Benchmark: the cost of the input check (every CSV read once, before the transform) against the
# floor, a bare polars CSV -> Parquet copy of the same files, measured alternately in one run.
# Prints each run's figures; `input_check_ms` comes from the partner job's report.
#
#   bash bench/input_check.sh                 # 1M log rows, 100k customers, 3 rounds
#   ROWS=10000000 ROUNDS=1 bash bench/input_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tokumei-target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
python3 -c "import polars" 2>/dev/null || python3 -m pip install --quiet polars || python3 -m pip install --quiet --break-system-packages polars
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 sample_data/generate.py --out "$WORK/data" --customers $((ROWS / 10)) --log-rows "$ROWS" >/dev/null
sed "s#\.\./sample_data#$WORK/data#; s#\.\./out/partner_delivery#$WORK/out#" jobs/partner_delivery.toml >"$WORK/partner.toml"
echo "== $ROWS log rows, $((ROWS / 10)) customers: $(du -ch "$WORK"/data/*.csv | tail -1 | cut -f1) of CSV; $(nproc) cores"
for r in $(seq "$ROUNDS"); do
  python3 - "$WORK" <<'PY'
import sys, time, polars as pl
w = sys.argv[1]
t = time.time()
for f in ["customers", "access_log"]:
    pl.scan_csv(f"{w}/data/{f}.csv", infer_schema=False).sink_parquet(f"{w}/copy_{f}.parquet")
print(f"bare polars copy (floor): {time.time() - t:.2f} s")
PY
  rm -rf "$WORK/out"
  start=$(date +%s.%N)
  "$BIN" run "$WORK/partner.toml" >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 - "$WORK/out/report.json" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
checks = ", ".join(f"{d['name']} {d['input_check_ms'] / 1000:.2f} s" for d in r["datasets"])
print(f"input check: {checks}; whole partner job {float(sys.argv[3]) - float(sys.argv[2]):.1f} s")
PY
done
