#!/usr/bin/env bash
# Benchmark (issue 14): tokumei's risk gate on UCI Adult with ARX's hierarchies, against ARX's
# published results (../shared/data/adult/README.md: ARX 3.9.2, optimal search, all nine columns
# quasi-identifiers, 5 % suppression limit, ARX's default "Loss" metric).
#
#   bash bench/adult.sh                      # k = 2, 5, 10, 50; median of 3 runs each
#   ADULT_DIR=/path/to/adult ROUNDS=1 bash bench/adult.sh
#
# Each run is `tokumei run` on a job with `metric = "loss"` and one `hierarchies` table per
# column. Printed per k: the levels tokumei chose (CSV column order), ARX's Loss of that node as
# the report gives it (`risk.arx_loss`, computed with ARX's definition), the rows suppressed,
# the gate's time (class table + search + rewrite: what ARX's anonymize() does) and the whole
# run's wall time (reading, checking and writing the file, the delivery check), next to ARX's.
set -euo pipefail
cd "$(dirname "$0")/.."
ADULT_DIR=$(realpath "${ADULT_DIR:-../shared/data/adult}")
ROUNDS=${ROUNDS:-3}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tokumei-target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
WORK=${WORK:-$(mktemp -d)}
trap 'rm -rf "$WORK"' EXIT
cols="sex age race marital-status education native-country workclass occupation salary-class"
declare -A ARX_LOSS=([2]=0.1690 [5]=0.2419 [10]=0.2913 [50]=0.4089)
declare -A ARX_SUPP=([2]=1350 [5]=1346 [10]=1437 [50]=1022)
declare -A ARX_TIME=([2]=1.47 [5]=1.70 [10]=1.59 [50]=0.67)
printf '| k | tokumei levels | tokumei ARX-Loss | ARX Loss | suppressed (tokumei / ARX) | gate s | run s | ARX s |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for k in 2 5 10 50; do
  job="$WORK/adult_$k.toml"
  {
    echo "name = \"adult-k$k\""
    echo 'mode = "anonymous"'
    echo 'recipient = "benchmark"'
    echo "[datasets.adult]"
    echo "input = \"$ADULT_DIR/adult.csv\""
    echo 'csv = { delimiter = ";" }'
    echo "[datasets.adult.columns]"
    for c in $cols; do echo "\"$c\" = \"keep\""; done
    echo "[datasets.adult.risk]"
    printf 'quasi-identifiers = ['; for c in $cols; do printf '"%s", ' "$c"; done; echo ']'
    echo "min-k = $k"
    echo 'max-suppression = 0.05'
    echo 'metric = "loss"'
    printf 'hierarchies = { '
    for c in $cols; do printf '"%s" = "%s", ' "$c" "$ADULT_DIR/adult_hierarchy_$c.csv"; done
    echo '}'
  } | sed 's/, ]/]/; s/, }/ }/' >"$job"
  runs=()
  for r in $(seq "$ROUNDS"); do
    out="$WORK/out_${k}_$r"
    start=$(date +%s.%N)
    "$BIN" -q run "$job" --out-dir "$out" >/dev/null
    end=$(date +%s.%N)
    runs+=("$(python3 - "$out/report.json" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["datasets"][0]["risk"]
t = r["timings_ms"]
gate = (t["class_table"] + t["search"] + t["generalise"] + t["suppress"]) / 1000
levels = ",".join(str(g["level"]) for g in r["generalisation"])
print(f'{float(sys.argv[3]) - float(sys.argv[2]):.3f} {gate:.3f} {r["arx_loss"]:.4f} {r["suppressed_rows"]} {levels}')
PY
)")
  done
  # The median run by wall time.
  med=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
  read -r wall gate loss supp levels <<<"$med"
  printf '| %s | %s | %s | %s | %s / %s | %s | %s | %s |\n' "$k" "$levels" "$loss" "${ARX_LOSS[$k]}" \
    "$supp" "${ARX_SUPP[$k]}" "$gate" "$wall" "${ARX_TIME[$k]}"
done
