#!/usr/bin/env python3
"""Builds a deterministic JavaScript monorepo with version drift, for doctor benchmarks.

Usage: make_mono.py OUT [PACKAGES]   (default 400 workspace packages, 40 dependencies each from a pool of 300)
"""
import json
import os
import random
import sys

out = sys.argv[1]
packages = int(sys.argv[2]) if len(sys.argv) > 2 else 400
rng = random.Random(7)
pool = [f"dep-{i}" for i in range(300)]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "package.json"), "w") as f:
    json.dump({"name": "bench-mono", "version": "0.0.0", "private": True, "workspaces": ["packages/*"]}, f, indent=2)
for p in range(packages):
    deps, dev, peer = {}, {}, {}
    for name in rng.sample(pool, 40):
        major = 1 + pool.index(name) % 5
        spec = rng.choice(["^", "~", ""]) + f"{major}.{rng.randrange(3)}.{rng.randrange(10)}"
        rng.choice([deps, deps, deps, dev, peer])[name] = spec
    if p > 0:
        deps[f"@bench/pkg-{rng.randrange(p)}"] = rng.choice(["workspace:*", "^1.0.0", "1.0.0"])
    pkg = {"name": f"@bench/pkg-{p}", "version": "1.0.0", "dependencies": deps, "devDependencies": dev,
           "peerDependencies": peer}
    os.makedirs(os.path.join(out, "packages", f"pkg-{p}"), exist_ok=True)
    with open(os.path.join(out, "packages", f"pkg-{p}", "package.json"), "w") as f:
        json.dump(pkg, f, indent=2)
print(f"{out}: {packages} packages")
