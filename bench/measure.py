#!/usr/bin/env python3
"""Runs a command; prints its wall time, CPU time, peak RSS and peak anonymous RSS.

Peak RSS (VmHWM) includes pages of memory-mapped input files, which polars maps to read CSV:
they are page cache the kernel can reclaim, and grow with the input. Peak anonymous RSS
(RssAnon, sampled every 10 ms from /proc) is the process's own heap: the figure that must
stay bounded for a streaming tool. CPU time is user + system time of the command and its
children (from wait4).

Usage: measure.py [--tsv] LABEL ROWS -- COMMAND...
  --tsv: one tab-separated line: label, rows, wall s, cpu s, peak RSS MiB, peak heap MiB
"""
import os
import subprocess
import sys
import time

args = sys.argv[1:]
tsv = args[0] == "--tsv"
if tsv:
    args = args[1:]
label, rows = args[0], int(args[1])
cmd = args[args.index("--") + 1 :]


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
while True:
    pid, wstatus, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid != 0:
        break
    s = status(proc.pid)
    peak_hwm = max(peak_hwm, s.get("VmHWM", 0))
    peak_anon = max(peak_anon, s.get("RssAnon", 0))
    time.sleep(0.01)
wall = time.perf_counter() - t0
cpu = usage.ru_utime + usage.ru_stime
# ru_maxrss is the true peak RSS (kB), sampled or not.
peak_hwm = max(peak_hwm, usage.ru_maxrss)
code = os.waitstatus_to_exitcode(wstatus)
err = proc.stderr.read()
if code != 0:
    sys.stderr.write(err)
    sys.exit(f"{label}: exit {code}")
if tsv:
    print(f"{label}\t{rows}\t{wall:.3f}\t{cpu:.3f}\t{peak_hwm / 1024:.0f}\t{peak_anon / 1024:.0f}")
else:
    print(
        f"{label:<24} {rows:>10,} rows {wall:7.2f} s (CPU {cpu:7.2f} s) {rows / wall:>10,.0f} rows/s"
        f"  peak RSS {peak_hwm / 1024:6.0f} MiB  peak heap (RssAnon) {peak_anon / 1024:6.0f} MiB"
    )
