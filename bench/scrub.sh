#!/usr/bin/env bash
# Text scrubbing speed per core (issues 11 and 12): `tokumei scrub` on the generated inquiry
# column, pinned to one core.
#
#   bash bench/scrub.sh                       # 2M customers' inquiries, one line each (~80 MB)
#   CUSTOMERS=500000 bash bench/scrub.sh
#
# Every line comes from its own generated customer: no line is there because the file was
# repeated (the name analysis remembers the sentences it has seen, so a repeated file would
# measure that memory, not the analysis). The generator's templates repeat their greetings and
# requests, as real inquiries do.
#
# Prints MB/s per core (input bytes / user+system CPU seconds of the scrub, median of 3, start-up
# included), with the patterns alone (`--names context`) and with name analysis
# (`--names analysis`, the default, which needs IPADIC: apt-get install mecab-ipadic). The first
# analysis run compiles the dictionary into ~/.cache/tokumei once; a warm-up run does that
# before the timing.
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${CUSTOMERS:-2000000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tokumei-target}"
cargo build --release --locked --quiet
BIN="$CARGO_TARGET_DIR/release/tokumei"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 sample_data/generate.py --out "$WORK/gen" --customers "$CUSTOMERS" --log-rows 1000 >/dev/null
python3 - "$WORK/gen/customers.csv" "$WORK/inquiry.txt" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, newline="", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    for r in csv.DictReader(f):
        out.write(r["inquiry"].replace("\r", " ").replace("\n", " ") + "\n")
PY
bytes=$(stat -c %s "$WORK/inquiry.txt")
python3 - "$BIN" "$WORK/inquiry.txt" <<'PY'
import os, subprocess, sys, statistics
binary, path = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
# Warm-up: the name analysis dictionary is compiled and cached on first use.
subprocess.run([binary, "scrub"], input=b"\u5c71\u7530\u3067\u3059\n".decode("unicode_escape").encode(), stdout=subprocess.DEVNULL, check=True)
for names in ["context", "analysis"]:
    cpu = []
    for _ in range(3):
        with open(path, "rb") as f:
            # One core, one worker thread: a second rayon thread on the same core only adds
            # context switches to the per-core figure.
            p = subprocess.Popen(["taskset", "-c", "0", binary, "scrub", "--names", names], stdin=f, stdout=subprocess.DEVNULL,
                                 env={**os.environ, "RAYON_NUM_THREADS": "1"})
            _, status, usage = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("scrub failed")
        cpu.append(usage.ru_utime + usage.ru_stime)
    s = statistics.median(cpu)
    print(f"scrub --names {names}: {size / 1e6:.1f} MB in {s:.2f} s CPU on one core (median of 3): {size / 1e6 / s:.1f} MB/s per core")
PY
