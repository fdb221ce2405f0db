#!/usr/bin/env python3
"""Runs a command and records its heap over time next to its log, to see which step holds it.

    python3 bench/heapline.py PREFIX -- tokumei -vv run JOB.toml

Writes PREFIX.heap (seconds since start, RssAnon in MiB, sampled every 10 ms) and PREFIX.log
(each stderr line with the second it arrived), and prints the exit code, the wall time and the
peak heap with when it happened. RssAnon is the process's own heap (see bench/measure.py).
"""
import subprocess
import sys
import threading
import time

prefix = sys.argv[1]
cmd = sys.argv[sys.argv.index("--") + 1 :]
t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
log = open(prefix + ".log", "w")


def read_log():
    for line in proc.stderr:
        log.write(f"{time.perf_counter() - t0:.2f} {line}")


reader = threading.Thread(target=read_log)
reader.start()
heap = open(prefix + ".heap", "w")
peak, peak_at = 0, 0.0
while proc.poll() is None:
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon"):
                    mib = int(line.split()[1]) // 1024
                    t = time.perf_counter() - t0
                    heap.write(f"{t:.2f} {mib}\n")
                    if mib > peak:
                        peak, peak_at = mib, t
    except OSError:
        pass
    time.sleep(0.01)
reader.join()
print(f"rc={proc.returncode} wall={time.perf_counter() - t0:.2f} peak={peak} MiB at {peak_at:.2f}s")
