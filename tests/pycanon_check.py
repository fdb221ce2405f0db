#!/usr/bin/env python3
"""Reference figures from pycanon (a Python implementation of k-anonymity and l-diversity) for
the risk integration test: k, distinct l and entropy l of CSV FILE over QI columns.

Nulls are replaced by a marker first: tokumei treats null as a value of its own, while pandas
would drop null keys from groups.

Usage: pycanon_check.py FILE QI[,QI...] SENSITIVE
"""
import json
import sys

import pandas as pd
from pycanon import anonymity

path, qi, sa = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]).fillna("<null>")
print(json.dumps({
    "k": int(anonymity.k_anonymity(df, qi)),
    "l": int(anonymity.l_diversity(df, qi, [sa])),
    "entropy_l": int(anonymity.entropy_l_diversity(df, qi, [sa])),
}))
