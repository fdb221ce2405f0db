#!/usr/bin/env bash
# Where the partner job's time goes against the floor (issue 11), at one size: four commands
# on the same files, run alternately, median of ROUNDS:
#
#   copy     the bare polars CSV -> Parquet (zstd) copy of both files (floor.sh's floor);
#   ungated  the partner job with its two `risk` sections removed: one pass (rules, known
#            values, delivery check while writing), no gate, no rewrite;
#   rewrite  a bare polars Parquet -> Parquet rewrite of the ungated log output, doing what the
#            gate's rewrite does at the least: drop a share of the subjects' rows (SHARE, by a
#            hash of cookie_id), truncate the timestamp to the week, replace the IP by `*`;
#   job      the partner job as it is (floor.sh's job).
#
# copy + rewrite is the least any two-pass job that suppresses rows can cost with polars'
# reader and writer: everything tokumei does beyond reading and writing (rules, known values,
# the gates, the delivery check) has to fit between that and the target.
#
#   bash bench/two_pass.sh                       # 10M log rows, 100k customers, 3 rounds
#   GEN=/tmp/g10 bash bench/two_pass.sh          # reuse a folder generate.py wrote
#   ROWS=1000000 ROUNDS=1 bash bench/two_pass.sh # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
ROUNDS=${ROUNDS:-3}
CUSTOMERS=${CUSTOMERS:-100000}
SHARE=${SHARE:-27} # one subject in SHARE loses its rows (about the gate's 3.7 % at 10M)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tokumei-target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
python3 -c "import polars" 2>/dev/null || python3 -m pip install --quiet polars || python3 -m pip install --quiet --break-system-packages polars
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/data"
if [ -n "${GEN:-}" ]; then
  echo "using the generated files in $GEN (their first $ROWS log rows)" >&2
  src=$(cd "$GEN" && pwd)
else
  echo "generating $ROWS log rows and $CUSTOMERS customers ..." >&2
  python3 sample_data/generate.py --out "$WORK/gen" --customers "$CUSTOMERS" --log-rows "$ROWS" >/dev/null
  src="$WORK/gen"
fi
cp "$src/customers.csv" "$WORK/data/"
head -n $((ROWS + 1)) "$src/access_log.csv" >"$WORK/data/access_log.csv"
sync
sed "s#\.\./sample_data#$WORK/data#; s#\.\./out/partner_delivery#$WORK/out#" jobs/partner_delivery.toml >"$WORK/job.toml"
# The same job without its risk sections (each runs from its header to the next blank line).
python3 - "$WORK/job.toml" "$WORK/ungated.toml" "$WORK/ungated_out" <<'PY'
import re, sys
src, dst, out = sys.argv[1:]
text = open(src, encoding="utf-8").read()
text, n = re.subn(r"(?ms)^\[datasets\.[a-z_]+\.risk\]\n.*?\n\n", "", text)
if n != 2:
    sys.exit(f"expected two risk sections in the partner job, found {n}")
text = re.sub(r'(?m)^output-dir = ".*"$', f'output-dir = "{out}"', text)
open(dst, "w", encoding="utf-8").write(text)
PY
cat >"$WORK/bare_copy.py" <<'PY'
import sys, polars as pl
src, dst = sys.argv[1], sys.argv[2]
for f in ["customers", "access_log"]:
    pl.scan_csv(f"{src}/{f}.csv", infer_schema=False).sink_parquet(f"{dst}/{f}.parquet", compression="zstd")
PY
cat >"$WORK/bare_rewrite.py" <<'PY'
import sys, polars as pl
src, dst, share = sys.argv[1], sys.argv[2], int(sys.argv[3])
(
    pl.scan_parquet(src)
    .filter(pl.col("cookie_id").hash(7) % share != 0)
    .with_columns(pl.col("timestamp").dt.truncate("1w"), pl.lit("*").alias("ip"))
    .sink_parquet(dst, compression="zstd")
)
PY
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
echo "== $ROWS log rows, $CUSTOMERS customers: $(du -ch "$WORK/data"/*.csv | tail -1 | cut -f1) of CSV; $(nproc) cores" >&2
# The rewrite reads the ungated job's log output, so that job runs once first.
rm -rf "$WORK/ungated_out"
"$BIN" -q run "$WORK/ungated.toml" >/dev/null
cp "$WORK/ungated_out/access_log.parquet" "$WORK/staged.parquet"
for r in $(seq "$ROUNDS"); do
  rm -rf "$WORK/copy" && mkdir -p "$WORK/copy"
  python3 bench/measure.py --tsv copy "$ROWS" -- python3 "$WORK/bare_copy.py" "$WORK/data" "$WORK/copy" | tee -a "$RESULTS" >&2
  rm -rf "$WORK/ungated_out"
  python3 bench/measure.py --tsv ungated "$ROWS" -- "$BIN" run "$WORK/ungated.toml" | tee -a "$RESULTS" >&2
  rm -f "$WORK/rewritten.parquet"
  python3 bench/measure.py --tsv rewrite "$ROWS" -- python3 "$WORK/bare_rewrite.py" "$WORK/staged.parquet" "$WORK/rewritten.parquet" "$SHARE" | tee -a "$RESULTS" >&2
  rm -rf "$WORK/out"
  python3 bench/measure.py --tsv job "$ROWS" -- "$BIN" run "$WORK/job.toml" | tee -a "$RESULTS" >&2
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, _rows, wall, cpu, *_ = line.rstrip("\n").split("\t")
    runs.setdefault(label, []).append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
cw, cc = med["copy"]
print("| command | wall s | CPU s | wall / copy | CPU / copy |")
print("|---|---|---|---|---|")
for k in ["copy", "ungated", "rewrite", "job"]:
    w, c = med[k]
    print(f"| {k} | {w:.2f} | {c:.2f} | {w / cw:.2f} | {c / cc:.2f} |")
w = cw + med["rewrite"][0]
c = cc + med["rewrite"][1]
print(f"| copy + rewrite (two-pass floor) | {w:.2f} | {c:.2f} | {w / cw:.2f} | {c / cc:.2f} |")
PY
