"""`tokumei scrub` speed per core of two or more binaries on one text file, alternating.

    python3 bench/ab_scrub.py INQUIRIES.txt BIN_A BIN_B [...]

One core (taskset), one worker thread; MB/s = input bytes / (user + system CPU seconds),
start-up included, three rounds. bench/scrub.sh makes such a file from the generator.
"""
import os
import subprocess
import sys

path, bins = sys.argv[1], sys.argv[2:]
size = os.path.getsize(path)
rates = {b: [] for b in bins}
for _ in range(3):
    for b in bins:
        with open(path, "rb") as f:
            p = subprocess.Popen(["taskset", "-c", "0", b, "scrub"], stdin=f, stdout=subprocess.DEVNULL,
                                 env={**os.environ, "RAYON_NUM_THREADS": "1"})
            _, status, usage = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{b} failed")
        rates[b].append(size / 1e6 / (usage.ru_utime + usage.ru_stime))
for b in bins:
    print(b, " ".join(f"{x:.1f}" for x in rates[b]), "MB/s")
