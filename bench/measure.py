#!/usr/bin/env python3
"""Runs a command; prints its wall time, peak RSS and peak anonymous RSS.

Peak RSS (VmHWM) includes pages of memory-mapped input files, which polars maps to read CSV:
they are page cache the kernel can reclaim, and grow with the input. Peak anonymous RSS
(RssAnon, sampled every 10 ms from /proc) is the process's own heap: the figure that must
stay bounded for a streaming tool.

Usage: measure.py LABEL ROWS -- COMMAND...
"""
import subprocess
import sys
import time

label, rows = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1 :]


def status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmHWM", "RssAnon"):
                    out[k] = int(v.split()[0])  # kB
    except OSError:
        pass
    return out


t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
peak_hwm = peak_anon = 0
while proc.poll() is None:
    s = status(proc.pid)
    peak_hwm = max(peak_hwm, s.get("VmHWM", 0))
    peak_anon = max(peak_anon, s.get("RssAnon", 0))
    time.sleep(0.01)
wall = time.perf_counter() - t0
err = proc.stderr.read()
if proc.returncode != 0:
    sys.stderr.write(err)
    sys.exit(f"{label}: exit {proc.returncode}")
print(
    f"{label:<24} {rows:>10,} rows {wall:7.2f} s {rows / wall:>10,.0f} rows/s"
    f"  peak RSS {peak_hwm / 1024:6.0f} MiB  peak heap (RssAnon) {peak_anon / 1024:6.0f} MiB"
)
