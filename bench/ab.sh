#!/usr/bin/env bash
# Two or more tokumei binaries on one job, alternating, so a VM whose speed drifts affects
# each alike: wall, user and system seconds per run, and the exit code.
#
#   bash bench/ab.sh ROUNDS JOB.toml BIN_A BIN_B [...]
#   bash bench/ab.sh 3 /tmp/f10/partner.toml /tmp/old/tokumei ~/.cache/tokumei-target/release/tokumei
#
# The job's output-dir is replaced by each run (use a job whose output-dir is a scratch folder).
set -uo pipefail
rounds=$1 job=$2
shift 2
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for r in $(seq "$rounds"); do
  for bin in "$@"; do
    /usr/bin/time -o "$times" -f "%e %U %S" "$bin" -q run "$job" >/dev/null 2>&1
    code=$?
    echo "round $r  $bin  wall/user/sys $(tail -1 "$times")  exit $code"
  done
done
