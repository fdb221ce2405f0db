#!/usr/bin/env python3
"""Independent recall check: the generator (sample_data/generate.py) types each customer's own
identifiers into some inquiries, in its own formats, without reference to the detectors. This
scrubs every inquiry with `tokumei scrub` (pattern detectors only, no known values) and counts,
per identifier column, how many embedded values survive in any spelling (as stored, or as bare
digits). The job's `text` rule would additionally search for the known values themselves.

Usage: inquiry_recall.py TOKUMEI_BIN CUSTOMERS_CSV [DELIVERED_CUSTOMERS_CSV]
With a delivered customers CSV (same row order, e.g. from a job with output format csv), the
delivered `inquiry` column is measured instead: that is the `text` rule with known values.
"""
import csv
import subprocess
import sys
import unicodedata

tokumei, path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, encoding="utf-8")))
texts = [r["inquiry"].replace("\n", " ") for r in rows]
if len(sys.argv) > 3:
    delivered = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
    assert len(delivered) == len(rows)
    scrubbed = [d["inquiry"] for d in delivered]
else:
    out = subprocess.run([tokumei, "scrub"], input="\n".join(texts) + "\n", capture_output=True, text=True, check=True)
    scrubbed = out.stdout.split("\n")[: len(texts)]


def digits(s):
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def spellings(col, v):
    v = v.strip()
    forms = {v, unicodedata.normalize("NFKC", v)}
    if col in ("phone", "card_number", "my_number"):
        d = digits(v)
        forms.add(d)
        if d.startswith("81"):
            forms.add("0" + d[2:])
    if col == "name":
        forms.update(p for p in v.replace("\u3000", " ").split(" ") if len(p) >= 2)
    return {f for f in forms if len(f) >= 2}


print(f"{'column':<12} {'embedded':>8} {'survived':>8} {'recall':>7}")
for col in ["email", "phone", "card_number", "my_number", "name", "address"]:
    embedded = survived = 0
    for r, raw, got in zip(rows, texts, scrubbed):
        v = r[col]
        if not v:
            continue
        present = {f for f in spellings(col, v) if f in raw or f in digits(raw)}
        if not present:
            continue
        embedded += 1
        if any(f in got or (col in ("phone", "card_number", "my_number") and f in digits(got)) for f in present):
            survived += 1
    if embedded:
        print(f"{col:<12} {embedded:>8} {survived:>8} {1 - survived / embedded:>7.1%}")
