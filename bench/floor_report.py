#!/usr/bin/env python3
"""Summarises bench/floor.sh's measurements: medians per size, ratios to the bare copy, and the
targets of issue 11; prints a Markdown table and writes it into BENCHMARKS.md between the
`<!-- floor.sh -->` markers.

Usage: floor_report.py RESULTS.tsv COMMAND
"""
import datetime
import os
import re
import statistics
import sys

results, command = sys.argv[1], sys.argv[2]
runs = {}
for line in open(results):
    label, rows, wall, cpu, rss, heap = line.rstrip("\n").split("\t")
    what = label.split()[0]
    runs.setdefault(int(rows), {}).setdefault(what, []).append(
        (float(wall), float(cpu), float(rss), float(heap))
    )


def med(xs, i):
    return statistics.median(x[i] for x in xs)


lines = [
    "| log rows | runs | bare copy wall / CPU | partner job wall / CPU | ratio wall | ratio CPU | peak RSS job / copy | peak heap job / copy |",
    "|---|---|---|---|---|---|---|---|",
]
job_wall = {}
for rows in sorted(runs):
    c, j = runs[rows].get("copy", []), runs[rows].get("job", [])
    if not c or not j:
        continue
    cw, cc, cr, ch = (med(c, i) for i in range(4))
    jw, jc, jr, jh = (med(j, i) for i in range(4))
    job_wall[rows] = jw
    lines.append(
        f"| {rows / 1e6:g}M | {len(j)} | {cw:.2f} s / {cc:.2f} s | {jw:.2f} s / {jc:.2f} s | "
        f"{jw / cw:.2f}× | {jc / cc:.2f}× | {jr:.0f} / {cr:.0f} MiB | {jh:.0f} / {ch:.0f} MiB |"
    )
notes = []
if 10_000_000 in job_wall and 30_000_000 in job_wall:
    notes.append(
        f"30M-row job time / 10M-row job time: {job_wall[30_000_000] / job_wall[10_000_000]:.2f} (target ≤ 3.2)."
    )
cores = os.cpu_count()
mem = ""
try:
    kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
    mem = f", {kb / 1024 / 1024:.0f} GiB of memory"
except Exception:
    pass
block = "\n".join(
    [
        f"Measured {datetime.date.today()} on {cores} cores{mem} with `{command}` "
        "(medians; each round runs the copy, then the job, on the same files):",
        "",
        *lines,
        "",
        *notes,
    ]
).rstrip()
print(block)
path = os.path.join(os.path.dirname(__file__), "..", "BENCHMARKS.md")
text = open(path).read()
start, end = "<!-- floor.sh -->", "<!-- /floor.sh -->"
if start in text and end in text:
    text = re.sub(
        re.escape(start) + ".*?" + re.escape(end),
        lambda _: f"{start}\n{block}\n{end}",
        text,
        flags=re.S,
    )
    open(path, "w").write(text)
else:
    sys.stderr.write("BENCHMARKS.md has no floor.sh markers; not written\n")
