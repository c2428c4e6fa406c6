#!/usr/bin/env bash
# `rtt bench drivers` with the neo4j driver measured too. No Neo4j server can be installed here from a registry
# (Debian, npm and Maven carry none as a server), so this starts the real one the neo4j driver's tests run on, the
# in-process test harness (Neo4j 5.26), as a process of its own, and passes its address to the bench.
#   bench/neo4j/bench-drivers-with-neo4j.sh [--runs N] [--json] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

mvn -B -q install -DskipTests -Dcheckstyle.skip -pl rtt-drivers-neo4j,bench -am
classpath="$(mvn -B -q -pl rtt-drivers-neo4j dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/dev/stdout)"

# the server answers on one line, "bolt://neo4j@127.0.0.1:PORT PASSWORD", and serves until its stdin closes
coproc NEO4J {
  cd "$root/rtt-drivers-neo4j" && exec java -cp "target/test-classes:target/classes:$classpath" \
    io.rtt.drivers.neo4j.Neo4jBenchServer 2>/dev/null
}
read -r url password <&"${NEO4J[0]}"
trap 'exec {NEO4J[1]}>&-; wait "$NEO4J_PID" 2>/dev/null || true' EXIT
echo "neo4j (in-process harness) at $url" >&2
RTT_BENCH_NEO4J_PASSWORD="$password" java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -jar bench/target/rtt-bench.jar drivers --neo4j "$url" "$@"
