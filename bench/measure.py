#!/usr/bin/env python3
"""Runs a command and prints its wall time and peak RSS (the child's ru_maxrss).

Usage: measure.py LABEL ROWS -- COMMAND...
"""
import resource
import subprocess
import sys
import time

label, rows = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1 :]
t0 = time.perf_counter()
proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t0
if proc.returncode != 0:
    sys.stderr.write(proc.stderr)
    sys.exit(f"{label}: exit {proc.returncode}")
rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:<28} {rows:>10,} rows  {wall:7.2f} s  {rows / wall:>12,.0f} rows/s  peak RSS {rss_mib:7.1f} MiB")
