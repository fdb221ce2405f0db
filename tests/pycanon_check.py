#!/usr/bin/env python3
"""Reference figures from pycanon (a Python implementation of k-anonymity, l-diversity and
t-closeness) for the risk integration test: k, distinct l, entropy l and t of CSV FILE over QI
columns (t with the equal distance, and with the ordered one when every value is a number or a
range of numbers).

Nulls are replaced by a marker first: tokumei treats null as a value of its own, while pandas
would drop null keys from groups.

Usage: pycanon_check.py FILE QI[,QI...] SENSITIVE
"""
import json
import sys

import pandas as pd
from pycanon import anonymity



def numeric_key(v):
    """Where a value stands among numbers, as tokumei orders them: a number, a range by its lower
    end (`[10000,20000)`, `20-29`), a top code by its edge (`200000+`); None otherwise."""
    v = v.strip()
    try:
        return float(v)
    except ValueError:
        pass
    if v.startswith("[") and "," in v:
        return float(v[1:].split(",")[0])
    if v.endswith("+"):
        return float(v[:-1])
    if "-" in v[1:]:
        return float(v.split("-")[0])
    return None


path, qi, sa = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]).fillna("<null>")
out = {
    "k": int(anonymity.k_anonymity(df, qi)),
    "l": int(anonymity.l_diversity(df, qi, [sa])),
    "entropy_l": int(anonymity.entropy_l_diversity(df, qi, [sa])),
    # Strings: pycanon's equal distance.
    "t": float(anonymity.t_closeness(df, qi, [sa])),
}
# Number ranges as numbers: pycanon's ordered distance, when every value has a place.
try:
    keys = df[sa].map(numeric_key)
    if keys.notna().all():
        num = df.copy()
        num[sa] = keys.astype(float)
        out["t_ordered"] = float(anonymity.t_closeness(num, qi, [sa]))
except ValueError:
    pass
print(json.dumps(out))
