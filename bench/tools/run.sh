#!/usr/bin/env bash
# Tool-call latency (sandboxed custom tools, MCP) against baselines measured in the same run; about 5 minutes on
# 2 cores with the build. Needs bubblewrap, python3, Node and npm (the MCP server comes from the npm registry).
# Usage: bench/tools/run.sh [--calls 200] [--cold 30] [--mcp-calls 300]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${ENGRAM_BENCH_NO_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl embedded-pg,embedding-service,memory-service,agent-service -am package -DskipTests
fi
mkdir -p bench/tools/target
exec python3 bench/tools/bench.py "$@"
