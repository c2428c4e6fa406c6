#!/usr/bin/env python3
"""Precision and recall of a scan index against a hand-verified ground truth.

Usage: evaluate.py TRUTH.json INDEX.json
TRUTH: {"components": [{"id", "kind", "language"}], "edges": [{"from", "to"}]} (see boutique-truth.json)
INDEX: what `rtt scan --json` prints.
"""
import json
import sys

truth = json.load(open(sys.argv[1]))
index = json.load(open(sys.argv[2]))
tc = {c["id"]: c for c in truth["components"]}
ic = {c["id"]: c for c in index["components"]}
found = set(tc) & set(ic)
print(f"components: {len(found)}/{len(tc)} found; extra in index: {sorted(set(ic) - set(tc))}")
wrong = [(k, tc[k]["language"], ic[k].get("language")) for k in sorted(found) if tc[k]["language"] != ic[k].get("language")]
print(f"languages right: {len(found) - len(wrong)}/{len(found)} {wrong or ''}")
kinds = [k for k in found if tc[k]["kind"].upper() != ic[k]["kind"]]
print(f"kinds right: {len(found) - len(kinds)}/{len(found)} {kinds or ''}")
te = {(e["from"], e["to"]) for e in truth["edges"]}
strict = {(e["from"], e["to"]) for e in truth["edges"] if "caveat" not in e}
ie = {(e["from"], e["to"]) for e in index["edges"]}
for name, expected in (("all configured edges", te), ("strict base graph", strict)):
    tp = len(expected & ie)
    print(f"edges vs {name} ({len(expected)}): precision {tp / len(ie):.3f}, recall {tp / len(expected):.3f}; "
          f"missing {sorted(expected - ie)}, extra {sorted(ie - expected)}")
