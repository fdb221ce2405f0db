#!/usr/bin/env bash
# tokumei vs Microsoft Presidio on the same 100k-row text column (the generated customers'
# inquiry column, about 40 % non-empty), plus recall / false positives on the labelled corpus.
#   bash bench/presidio.sh                  # Presidio on all 100k rows (minutes)
#   PRESIDIO_ROWS=20000 bash bench/presidio.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The same target folder as `cargo test --release` / `cargo run --release` (CI sets its own).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
python3 -c "import presidio_analyzer, presidio_anonymizer" 2>/dev/null \
  || pip install --quiet presidio-analyzer presidio-anonymizer
cargo build --release --locked --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 sample_data/generate.py --out "$WORK" --customers 100000 --log-rows 1
python3 - "$WORK/customers.csv" "$WORK/inquiry.txt" <<'PY'
import csv, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
        out.write(row["inquiry"].replace("\n", " ") + "\n")
PY
python3 bench/presidio_compare.py "$CARGO_TARGET_DIR/release/tokumei" "$WORK/inquiry.txt" \
  tests/fixtures/detect_corpus.tsv ${PRESIDIO_ROWS:-}
