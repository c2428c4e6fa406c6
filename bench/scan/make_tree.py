#!/usr/bin/env python3
"""Builds a deterministic synthetic polyglot monorepo for scan benchmarks.

Usage: make_tree.py OUT [PACKAGES]   (default 500 packages, about 100 files each: > 50,000 files)

Each package is a service or library in one of five ecosystems with a real-shaped manifest, a Dockerfile for
services, a source tree and tests; the root carries a compose file and Kubernetes manifests wiring the services to
Postgres and Redis, a .gitignore, and ignored build output and node_modules that a scan must skip.
"""
import os
import random
import sys

out = sys.argv[1]
packages = int(sys.argv[2]) if len(sys.argv) > 2 else 500
rng = random.Random(42)


def write(path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


KINDS = ["node", "python", "go", "java", "rust"]
files = 0
compose = ["services:"]
write(".gitignore", "dist/\ntarget/\n*.log\n")
os.makedirs(os.path.join(out, ".git"), exist_ok=True)  # a repository, so rg honours .gitignore as the scan does
for i in range(packages):
    kind = KINDS[i % len(KINDS)]
    name = f"svc{i:04d}"
    base = f"services/{name}"
    service = i % 3 != 0
    peer = f"svc{(i * 7 + 1) % packages:04d}"
    if kind == "node":
        deps = ",\n".join(f'    "lib{rng.randrange(200)}": "^{rng.randrange(1, 9)}.{rng.randrange(20)}.0"' for _ in range(12))
        write(f"{base}/package.json", '{\n  "name": "%s",\n  "version": "1.0.0",\n  "scripts": {"start": "node src/index.js"},\n'
              '  "dependencies": {\n    "pg": "^8.11.0",\n%s\n  },\n  "devDependencies": {"jest": "^29.7.0"}\n}\n' % (name, deps))
        ext = "js"
    elif kind == "python":
        reqs = "\n".join(f"pylib{rng.randrange(200)}>={rng.randrange(1, 5)}.{rng.randrange(10)}" for _ in range(12))
        write(f"{base}/requirements.txt", "redis>=5\n" + reqs + "\n")
        write(f"{base}/pyproject.toml", f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = ["redis>=5"]\n')
        ext = "py"
    elif kind == "go":
        reqs = "\n".join(f"\tgithub.com/example/mod{rng.randrange(200)} v1.{rng.randrange(20)}.0" for _ in range(12))
        write(f"{base}/go.mod", f"module example.com/mono/{name}\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.6.0\n{reqs}\n)\n")
        ext = "go"
    elif kind == "java":
        deps = "\n".join(f"    <dependency><groupId>org.example</groupId><artifactId>lib{rng.randrange(200)}</artifactId>"
                         f"<version>1.{rng.randrange(20)}.0</version></dependency>" for _ in range(12))
        write(f"{base}/pom.xml", f"<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>org.example</groupId>\n"
              f"  <artifactId>{name}</artifactId>\n  <version>1.0.0</version>\n  <dependencies>\n{deps}\n  </dependencies>\n</project>\n")
        ext = "java"
    else:
        deps = "\n".join(f'crate{rng.randrange(200)} = "0.{rng.randrange(20)}"' for _ in range(12))
        write(f"{base}/Cargo.toml", f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\nredis = "0.25"\n{deps}\n')
        ext = "rs"
    if service:
        write(f"{base}/Dockerfile", f"FROM debian:12\nEXPOSE {8000 + i}\nCMD [\"/app\"]\n")
        compose += [f"  {name}:", f"    build: ./{base}", "    environment:",
                    "      DATABASE_URL: postgres://db:5432/app", f"      PEER_ADDR: {peer}:{8000 + (i * 7 + 1) % packages}"]
        write(f"deploy/k8s/{name}.yaml", f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n"
              f"  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n"
              f"      - name: {name}\n        image: {name}\n        env:\n        - name: REDIS_ADDR\n          value: cache:6379\n")
    for j in range(84):
        write(f"{base}/src/m{j // 20}/file{j}.{ext}", f"// {name} module {j}\n" + "x = 1\n" * rng.randrange(5, 40))
    for j in range(10):
        write(f"{base}/test/test{j}.{ext}", f"// test {j}\n")
    for j in range(3):
        write(f"{base}/dist/bundle{j}.{ext}", "ignored build output\n")
    write(f"{base}/README.md", f"# {name}\n")
compose += ["  db:", "    image: postgres:16", "  cache:", "    image: redis:7"]
write("compose.yaml", "\n".join(compose) + "\n")
for j in range(300):
    write(f"node_modules/dep{j}/package.json", '{"name": "dep%d"}\n' % j)
count = sum(len(fs) for _, _, fs in os.walk(out))
print(f"{out}: {count} files")
