#!/usr/bin/env bash
# Benchmark: the re-identification gate on a large generated access log. Runs the sample partner
# job twice on the same data in the same run: as shipped (both risk gates) and, as the baseline,
# without its `[datasets.*.risk]` sections. Prints wall time and peak heap of both, then the
# gates' own step timings from report.json.
#
#   bash bench/risk.sh                   # 10M access-log rows, 100k customers
#   ROWS=1000000 bash bench/risk.sh      # 1M
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
CUSTOMERS=${CUSTOMERS:-100000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
data="$WORK/data"
python3 sample_data/generate.py --out "$data" --customers "$CUSTOMERS" --log-rows "$ROWS"
sed "s#\.\./sample_data#$data#; s#\.\./out/partner_delivery#$WORK/out#" jobs/partner_delivery.toml >"$WORK/partner.toml"
# Baseline: the same job without its risk sections ([datasets.*.risk] and [[joined-risk]]).
awk '/^\[/ { skip = ($0 ~ /\.risk\]$/ || $0 ~ /^\[\[joined-risk\]\]/) } !skip' "$WORK/partner.toml" >"$WORK/baseline.toml"
if grep -q 'risk\]' "$WORK/baseline.toml"; then echo "baseline still has a risk section" >&2; exit 1; fi
echo "== $ROWS access-log rows, $CUSTOMERS customers ($(du -sh "$data" | cut -f1) of CSV)"
python3 bench/measure.py "baseline (no risk gate)" "$((ROWS + CUSTOMERS))" -- "$BIN" run "$WORK/baseline.toml" --out-dir "$WORK/out_base"
python3 bench/measure.py "partner job (risk gates)" "$((ROWS + CUSTOMERS))" -- "$BIN" run "$WORK/partner.toml" --out-dir "$WORK/out_partner"
python3 - "$WORK/out_partner/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for d in r["datasets"]:
    g = d.get("risk")
    if not g:
        continue
    t, s = g["timings_ms"], g.get("search") or {}
    print(f"  {d['name']}: risk step {t['total'] / 1000:.1f} s "
          f"(measure {t['measure'] / 1000:.1f}, class table {t['class_table'] / 1000:.1f}, "
          f"search {t['search'] / 1000:.1f}, generalise {t['generalise'] / 1000:.1f}, "
          f"suppress {t['suppress'] / 1000:.1f}); "
          f"k {g['before']['k']} -> {g['after']['k']}, "
          f"{s.get('evaluated', 0)} of {s.get('nodes', 0)} nodes evaluated "
          f"on {s.get('class_table_rows', 0)} class-table rows, "
          f"levels {[x['level'] for x in g['generalisation']]}, "
          f"suppressed {g['suppressed_share'] * 100:.2f}%")
for j in r.get("joined_risk", []):
    print(f"  joined {' × '.join(j['datasets'])} on {j['on']}: {j['duration_ms'] / 1000:.1f} s, "
          f"k {j['before']['k']} -> {j['after']['k']} over {j['before']['subjects']} linked subjects, "
          f"{j['unlinked_subjects']} unlinked")
PY
