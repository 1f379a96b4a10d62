#!/usr/bin/env bash
# The agent-loop benchmark in one command: builds the services and this program, starts the suite with ./engram on
# ports and a data directory of its own (the scripted LLM, in this JVM, answers instantly), measures everything in one
# run and prints the figures. Takes about 10 minutes on 2 cores (build included).
# Usage: bench/agent/run.sh [--agents 1000] [--seconds 20] [--warm-up 30] [--idle-agents 1000] [--jfr]
#        bench/agent/run.sh streams [--resumes 300] [--runs 600] [--words 20]   (background runs, about 5 minutes)
#        bench/agent/run.sh hosted [--runs 1000] [--warm-up-runs 2000] [--agents 50]  (auth + metering + quotas on
#                                  against off, two suites side by side, about 6 minutes)
#        bench/agent/run.sh traces [--runs 1000] [--warm-up-runs 2000] [--agents 50]  (provider traces kept against
#                                  not, two suites side by side, about 6 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
main=AgentBench
case "${1:-}" in
  streams) main=StreamBench; shift ;;
  hosted) main=HostedBench; shift ;;
  traces) main=TracesBench; shift ;;
esac

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

# package (not install): the services' jars and agent-service's test-jar stay under target/
./mvnw -B -q -pl embedded-pg,embedding-service,memory-service,agent-service -am package -DskipTests
./mvnw -B -q -f bench/agent/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

exec "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseG1GC \
  -cp "bench/agent/target/classes:$(cat bench/agent/target/classpath.txt)" \
  dev.engram.bench.agent.$main --root "$root" "$@"
