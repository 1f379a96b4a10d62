#!/usr/bin/env bash
# Migration throughput (Agent File import, file ingest) against embedding-service's own throughput, measured in one
# run; about 5 minutes on 2 cores with the build. Needs python3.
# Usage: bench/migration/run.sh [--messages 10000] [--passages 10000] [--imports 3] [--pages 100]
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
exec python3 bench/migration/bench.py "$@"
