#!/usr/bin/env bash
# The archival memory benchmark in one command: builds PostgreSQL's runner, embedding-service, memory-service and this
# program, starts the three services on free ports with a throw-away ENGRAM_HOME, measures LoCoMo retrieval and
# search latency / ingest at scale over HTTP, prints the figures and stops everything.
# Usage: bench/locomo/run.sh [--data path/to/locomo10.json] [--skip-quality] [--skip-scale]
#                            [--scale-sizes 10000,100000,1000000] [--explore]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

./mvnw -B -q -pl embedded-pg,embedding-service,memory-service -am package -DskipTests
./mvnw -B -q -f bench/locomo/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

exec "$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "bench/locomo/target/classes:$(cat bench/locomo/target/classpath.txt)" \
  dev.engram.bench.locomo.LocomoBench --root "$root" "$@"
