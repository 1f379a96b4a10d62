#!/usr/bin/env bash
# The embedding benchmark in one command: builds embedding-service and this program, then measures the in-process
# ceiling, the service with batching and the naive service in one run, and prints the figures.
# Usage: bench/embedding/run.sh [--data path/to/locomo10.json] [--port 18285] [--model local/all-minilm-l6-v2-q] [--skip-quality]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

./mvnw -B -q -pl embedding-service package -DskipTests
./mvnw -B -q -f bench/embedding/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR \
  -cp "bench/embedding/target/classes:$(cat bench/embedding/target/classpath.txt)" \
  dev.engram.bench.embedding.EmbeddingBench \
  --service "$root/embedding-service/target/quarkus-app/quarkus-run.jar" \
  --data "$root/../shared/data/locomo10.json" "$@"
