#!/usr/bin/env python3
"""tokumei vs Microsoft Presidio: speed on one text column, recall and false positives on the
labelled corpus (tests/fixtures/detect_corpus.tsv). Both tools get the same inputs.

Presidio runs with a blank spaCy pipeline (no spaCy model can be downloaded here, and Presidio
has no Japanese model anyway) and its pattern recognizers: email, phone (via phonenumbers),
credit card, IP, URL, IBAN, crypto, date, and the US/UK ID recognizers. So its NER-based
recognizers (PERSON, LOCATION) do not run: the comparison is pattern matching against pattern
matching, which is the part Presidio can do on Japanese text at all.

Usage: presidio_compare.py TOKUMEI_BIN TEXT_FILE CORPUS_TSV [PRESIDIO_ROWS]
"""
import csv
import subprocess
import sys
import tempfile
import time

tokumei, text_file, corpus_file = sys.argv[1], sys.argv[2], sys.argv[3]
presidio_rows = int(sys.argv[4]) if len(sys.argv) > 4 else None

# Presidio's email validation calls tldextract, which downloads the public suffix list on first
# use; this machine has no internet, so use the snapshot tldextract ships (same validation).
import tldextract  # noqa: E402

tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402
from presidio_anonymizer import AnonymizerEngine  # noqa: E402

blank_dir = tempfile.mkdtemp()
spacy.blank("en").to_disk(blank_dir)
nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": blank_dir}])
analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
anonymizer = AnonymizerEngine()

lines = open(text_file, encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()

# --- speed -------------------------------------------------------------------------------
t0 = time.perf_counter()
proc = subprocess.run([tokumei, "scrub"], input="\n".join(lines) + "\n", capture_output=True, text=True)
t_tok = time.perf_counter() - t0
assert proc.returncode == 0, proc.stderr
assert proc.stdout.count("\n") == len(lines)

sample = lines if presidio_rows is None else lines[:presidio_rows]
t0 = time.perf_counter()
for line in sample:
    results = analyzer.analyze(text=line, language="en")
    anonymizer.anonymize(text=line, analyzer_results=results)
t_pre = time.perf_counter() - t0

rows_tok = len(lines) / t_tok
rows_pre = len(sample) / t_pre
print(f"speed on {len(lines):,} rows of text ({sum(1 for l in lines if l):,} non-empty):")
print(f"  tokumei scrub   {len(lines):>9,} rows  {t_tok:8.2f} s  {rows_tok:>12,.0f} rows/s")
print(f"  presidio        {len(sample):>9,} rows  {t_pre:8.2f} s  {rows_pre:>12,.0f} rows/s")
print(f"  tokumei / presidio: {rows_tok / rows_pre:,.0f}x")

# --- recall and false positives on the corpus ---------------------------------------------------
rows = list(csv.DictReader(open(corpus_file, encoding="utf-8"), delimiter="\t"))
texts = [r["text"] for r in rows]
proc = subprocess.run([tokumei, "scrub", "--explain"], input="\n".join(texts) + "\n", capture_output=True, text=True)
assert proc.returncode == 0, proc.stderr
tok_spans = {}
for l in proc.stderr.splitlines():
    head, _, rest = l.partition(": ")
    n = int(head.split()[1]) - 1
    spans = []
    for part in rest.split(", "):
        kind, rng = part.rsplit(" ", 1)
        a, b = rng.split("..")
        spans.append((int(a), int(b)))
    tok_spans[n] = spans


def byte_span(text, sub):
    i = text.find(sub)
    a = len(text[:i].encode())
    return a, a + len(sub.encode())


def covered(spans, a, b):
    # The expected identifier is found if detected spans cover all of it.
    return all(any(s <= x < e for s, e in spans) for x in range(a, b)) if b > a else False


kinds = sorted({r["kind"] for r in rows if r["label"] == "pos"})
stats = {k: {"pos": 0, "tok": 0, "pre": 0} for k in kinds}
neg = {"n": 0, "tok": 0, "pre": 0}
for i, r in enumerate(rows):
    text = r["text"]
    pres = analyzer.analyze(text=text, language="en")
    pre_spans = [(len(text[: x.start].encode()), len(text[: x.end].encode())) for x in pres]
    if r["label"] == "pos":
        a, b = byte_span(text, r["expect"])
        s = stats[r["kind"]]
        s["pos"] += 1
        s["tok"] += covered(tok_spans.get(i, []), a, b)
        s["pre"] += covered(pre_spans, a, b)
    elif r["kind"] == "any":
        neg["n"] += 1
        neg["tok"] += bool(tok_spans.get(i))
        neg["pre"] += bool(pre_spans)

print(f"\nrecall on the labelled corpus ({sum(s['pos'] for s in stats.values())} positives):")
print(f"  {'detector':<18} {'positives':>9} {'tokumei':>9} {'presidio':>9}")
tt = tp = tn = 0
for k in kinds:
    s = stats[k]
    tt += s["tok"]; tp += s["pre"]; tn += s["pos"]
    print(f"  {k:<18} {s['pos']:>9} {s['tok'] / s['pos']:>9.1%} {s['pre'] / s['pos']:>9.1%}")
print(f"  {'all':<18} {tn:>9} {tt / tn:>9.1%} {tp / tn:>9.1%}")
if neg["n"]:
    print(f"false positives on {neg['n']} ordinary texts: tokumei {neg['tok'] / neg['n']:.1%}, presidio {neg['pre'] / neg['n']:.1%}")
