#!/usr/bin/env bash
# Benchmark: the sample partner job on a generated access log (default 1M rows) and customer
# export, next to a baseline measured in the same run: a job that keeps every column, so it does
# the same reading and Parquet writing but no anonymisation. A second size (3× rows) shows
# whether peak memory grows with the input.
#
#   bash bench/run.sh               # 1M log rows, 100k customers
#   ROWS=10000000 bash bench/run.sh # 10M
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
# The same target folder as `cargo test --release` / `cargo run --release` (CI sets its own).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for n in "$ROWS" "$((ROWS * 3))"; do
  data="$WORK/data_$n"
  python3 sample_data/generate.py --out "$data" --customers $((n / 10)) --log-rows "$n"
  # The partner job, pointed at the generated data.
  sed "s#\.\./sample_data#$data#; s#\.\./out/partner_delivery#$WORK/out#" jobs/partner_delivery.toml >"$WORK/partner.toml"
  # Baseline: the same inputs and outputs, every column kept.
  python3 - "$WORK/partner.toml" "$WORK/baseline.toml" <<'PY'
import re, sys
out, section, allow = [], "", {}
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("["):
        section = line.strip()
    m = re.match(r'^([A-Za-z_]+)\s*=', line)
    if m and section.endswith(".columns]"):
        # A written reason: anonymous mode refuses to keep identifiers without one.
        line = f'{m.group(1)} = {{ rule = "keep", reason = "benchmark baseline: raw data kept" }}'
        allow.setdefault(section[1:-len(".columns]")], []).append(m.group(1))
    out.append(line)
# Keeping raw columns fails the delivery check by design; the baseline allows every detector on
# every column, so it still pays for the check.
detectors = ["email", "phone", "my-number", "corporate-number", "card", "passport", "residence-card",
             "drivers-licence", "pension", "insurance", "postal-code", "address", "ip", "url-param", "name"]
for ds, cols in allow.items():
    out.append(f"[{ds}.verify]")
    items = [f'{{ column = "{c}", detector = "{d}", reason = "benchmark baseline: raw data kept" }}' for c in cols for d in detectors]
    out.append("allow = [" + ", ".join(items) + "]")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
  echo "== $n access-log rows, $((n / 10)) customers ($(du -sh "$data" | cut -f1) of CSV)"
  python3 bench/measure.py "baseline (keep all)" "$((n + n / 10))" -- "$BIN" run "$WORK/baseline.toml" --out-dir "$WORK/out_base"
  python3 bench/measure.py "partner_delivery job" "$((n + n / 10))" -- "$BIN" run "$WORK/partner.toml" --out-dir "$WORK/out_partner"
  rm -rf "$data" "$WORK/out_base" "$WORK/out_partner"
done
