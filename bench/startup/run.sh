#!/usr/bin/env bash
# Start-up of each service, without and with the JDK 25 AOT cache, in one run: wall time from the process's start to
# /q/health/ready answering 200, and its CPU time and RSS at that moment (from /proc), RUNS starts per variant, medians.
#
# Variants, per service:
#   fast-jar          the normal build (target/quarkus-app of this checkout), no cache
#   aot-jar           the -Paot build (aot-jar packaging) without its cache
#   aot-jar + test-suite   with the app.aot that `verify -Paot` records from the service's @QuarkusIntegrationTest runs
#   aot-jar + run          with an app.aot recorded here by a training run: started, made ready, a few requests, SIGTERM
#
# The -Paot build (verify: packages, then runs the *IT tests that record the cache; the unit tests are not run) is made
# in a copy of the sources under $WORK (this checkout's target/ directories stay as they are).
# One embedded PostgreSQL serves every start; memory-service starts with an embedding-service running and agent-service
# with both (their readiness depends on them). About 20 minutes on a busy 2-core machine, plus the -Paot build.
# Usage: bench/startup/run.sh        (RUNS=5, WORK=$TMPDIR/engram-bench-startup, ENGRAM_BENCH_NO_BUILD=1 reuses builds)
#   SERVICES="memory-service"          only these services (space-separated)
#   VARIANTS="fast-jar|aot-jar + run cache"   only these variants ('|'-separated names of the table's rows)
#   BASELINE=/other/checkout BASELINE_WORK=/its/bench/work   also starts another build in the same rounds, as the
#       variants "baseline fast-jar" ($BASELINE/<svc>/target/quarkus-app) and "baseline aot-jar + run cache" (the
#       -Paot build in $BASELINE_WORK/src, trained here like this build's): old and new compared under the same load
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
RUNS="${RUNS:-5}"
VARIANT_FILTER="${VARIANTS:-}"
WORK="${WORK:-${TMPDIR:-/tmp}/engram-bench-startup}"
# the services measured (SERVICES="embedding-service" for one); all three are built, the others' ITs need them
read -r -a SERVICES <<< "${SERVICES:-embedding-service memory-service agent-service}"
ALL_SERVICES=(embedding-service memory-service agent-service)
TOKEN="bench-startup-token"
mkdir -p "$WORK/logs"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
minmax() { sort -n | awk 'NR==1{min=$1} {max=$1} END {print min "–" max}'; }

# --- builds
if [[ "${ENGRAM_BENCH_NO_BUILD:-}" != 1 ]]; then
  for svc in "${ALL_SERVICES[@]}"; do
    [[ -f "$svc/target/quarkus-app/quarkus-run.jar" ]] || ./mvnw -B -q -o -pl "$svc" -am package -DskipTests
  done
  echo "building the -Paot variant in $WORK/src ..." >&2
  rm -rf "$WORK/src" && mkdir -p "$WORK/src"
  tar --exclude=./.git --exclude='*/target' --exclude=node_modules -cf - . | tar -xf - -C "$WORK/src"
  # verify, not package: the cache is recorded by the packaged-jar tests (*IT); -Dtest=none leaves the unit tests out
  (cd "$WORK/src" && ./mvnw -B -q -o -Paot -pl embedding-service,memory-service,agent-service -am verify \
      -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false) \
    > "$WORK/logs/aot-build.log" 2>&1 || { tail -n 40 "$WORK/logs/aot-build.log" >&2; exit 1; }
fi
plain_dir() { echo "$root/$1/target/quarkus-app"; }
aot_dir() { echo "$WORK/src/$1/target/quarkus-app"; }
baseline_plain_dir() { echo "$BASELINE/$1/target/quarkus-app"; }
baseline_aot_dir() { echo "$BASELINE_WORK/src/$1/target/quarkus-app"; }
for svc in "${SERVICES[@]}"; do
  if [[ -n "${BASELINE:-}" ]]; then
    [[ -f "$(baseline_plain_dir "$svc")/quarkus-run.jar" ]] || { echo "$(baseline_plain_dir "$svc") is not built" >&2; exit 1; }
    [[ -f "$(baseline_aot_dir "$svc")/quarkus-run.jar" ]] || { echo "$(baseline_aot_dir "$svc") is not built (-Paot)" >&2; exit 1; }
  fi
  [[ -f "$(plain_dir "$svc")/quarkus-run.jar" ]] || { echo "$(plain_dir "$svc") is not built" >&2; exit 1; }
  [[ -f "$(aot_dir "$svc")/quarkus-run.jar" ]] || { echo "$(aot_dir "$svc") is not built (-Paot)" >&2; exit 1; }
done

# --- PostgreSQL and the dependencies the measured services need to be ready
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_jar="$(ls "$root"/embedded-pg/target/embedded-pg-*-runner.jar | head -n 1)"
rm -rf "$WORK/pg" "$WORK/pg.uri"
"$JAVA" -Xmx128m -jar "$pg_jar" "$WORK/pg" "$(free_port)" engram "$WORK/pg.uri" > "$WORK/logs/postgres.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do [[ -s "$WORK/pg.uri" ]] && break; sleep 0.5; done
PG_URI="$(cat "$WORK/pg.uri")"

jvm_flags() {
  local flags="-Xmx512m --enable-native-access=ALL-UNNAMED"
  [[ "$1" == memory-service ]] && flags="$flags --add-modules jdk.incubator.vector"
  echo "$flags"
}

DEP_EMBEDDING_PORT="$(free_port)"
DEP_MEMORY_PORT="$(free_port)"

# Starts a service in the background; prints its pid. Args: service, app dir, port, extra JVM flags, instance name.
launch() {
  local svc="$1" dir="$2" port="$3" extra="$4" name="$5"
  local home="$WORK/home/$name"; mkdir -p "$home"
  local env_extra=()
  # training only: agent creation checks that the agent's provider is configured but does not call it; a closed
  # local port keeps any call that would happen off the network
  [[ "$name" == train-* ]] && env_extra=(OPENAI_API_KEY=bench-unused OPENAI_BASE_URL=http://127.0.0.1:9/v1)
  # shellcheck disable=SC2046,SC2086
  (cd "$dir" && exec env ENGRAM_SERVICE_TOKEN="$TOKEN" LETTA_PG_URI="$PG_URI" ENGRAM_HOME="$home" ENGRAM_BIND_HOST=127.0.0.1 \
      ENGRAM_AGENT_PORT="$port" ENGRAM_MEMORY_PORT="$port" ENGRAM_EMBEDDING_PORT="$port" ENGRAM_AUTH=none \
      ENGRAM_MEMORY_URL="http://127.0.0.1:$DEP_MEMORY_PORT" ENGRAM_EMBEDDING_URL="http://127.0.0.1:$DEP_EMBEDDING_PORT" \
      "${env_extra[@]}" "$JAVA" $(jvm_flags "$svc") $extra -jar quarkus-run.jar) >> "$WORK/logs/$name.log" 2>&1 &
  echo $!
}

await_ready() {
  local port="$1" pid="$2"
  for _ in $(seq 1 12000); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}

# SIGTERM, then waits until the process is gone (a training run writes its AOT cache on the way out).
stop() {
  kill -TERM "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

echo "starting the dependencies (embedding-service, memory-service) ..." >&2
dep=$(launch embedding-service "$(plain_dir embedding-service)" "$DEP_EMBEDDING_PORT" "" dep-embedding); pids+=("$dep")
await_ready "$DEP_EMBEDDING_PORT" "$dep" || { echo "embedding-service did not start: $WORK/logs/dep-embedding.log" >&2; exit 1; }
dep=$(launch memory-service "$(plain_dir memory-service)" "$DEP_MEMORY_PORT" "" dep-memory); pids+=("$dep")
await_ready "$DEP_MEMORY_PORT" "$dep" || { echo "memory-service did not start: $WORK/logs/dep-memory.log" >&2; exit 1; }

# A little work, so that the training run loads what serving loads, not only what starting loads.
exercise() {
  local svc="$1" port="$2" base="http://127.0.0.1:$2"
  for _ in 1 2 3; do curl -fsS -o /dev/null "$base/q/health/ready" || true; done
  case "$svc" in
    embedding-service)
      curl -fsS -o /dev/null -H "X-Engram-Service-Token: $TOKEN" -H 'Content-Type: application/json' \
        -d '{"model": "local/all-minilm-l6-v2-q", "input": ["warm up the model", "and the tokenizer"]}' "$base/v1/embeddings" || true ;;
    memory-service)
      curl -fsS -o /dev/null -H "X-Engram-Service-Token: $TOKEN" "$base/q/health/live" || true ;;
    agent-service)
      local agent
      agent=$(curl -sS --fail-with-body -H 'Content-Type: application/json' -d '{"name": "aot-training", "memory_blocks": [{"label": "human", "value": "x"}],
          "model": "openai/gpt-4o-mini", "embedding": "local/all-minilm-l6-v2-q"}' "$base/v1/agents/" | python3 -c '
import json, sys
body = sys.stdin.read()
try:
    print(json.loads(body)["id"])
except (ValueError, KeyError):
    print("training: no agent created: " + body, file=sys.stderr)' || true)
      [[ -n "$agent" ]] || echo "the training run created no agent: agent creation is not in the cache" >&2
      curl -fsS -o /dev/null "$base/v1/agents/" || true
      [[ -n "$agent" ]] && curl -fsS -o /dev/null "$base/v1/agents/$agent/core-memory/blocks" || true ;;
  esac
}

# Records an AOT cache from a training run of the aot-jar: start, ready, exercise, SIGTERM (the JVM writes it at exit).
train() {
  local svc="$1" dir="${2:-$(aot_dir "$1")}" tag="${3:-}" port; port="$(free_port)"
  local out="$WORK/$svc$tag-run.aot"
  rm -f "$out"
  local pid; pid=$(launch "$svc" "$dir" "$port" "-XX:AOTCacheOutput=$out" "train-$svc$tag")
  await_ready "$port" "$pid" || { echo "training run of $svc failed: $WORK/logs/train-$svc.log" >&2; exit 1; }
  exercise "$svc" "$port"
  stop "$pid"
  [[ -f "$out" ]] || { echo "no AOT cache from the training run of $svc: $WORK/logs/train-$svc$tag.log" >&2; exit 1; }
  echo "$out"
}

results="$WORK/results.tsv"
: > "$results"
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
# One start: wall ms to ready, RSS MB and CPU ms (user + system, all threads) at ready, appended to the results.
measure_one() {
  local svc="$1" variant="$2" dir="$3" extra="$4" round="$5"
  local name; name="$svc-$(echo "$variant" | tr ' +' '__')"
  local port; port="$(free_port)"
  local t0; t0=$(now_ms)
  local pid; pid=$(launch "$svc" "$dir" "$port" "$extra" "$name")
  if ! await_ready "$port" "$pid"; then echo "$svc ($variant) did not start: $WORK/logs/$name.log" >&2; exit 1; fi
  local t1; t1=$(now_ms)
  local rss; rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$pid/status")
  local cpu; cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk -v t="$TICK_MS" '{print ($12 + $13) * t}')
  stop "$pid"
  printf '%s\t%s\t%d\t%d\t%d\n' "$svc" "$variant" $(( t1 - t0 )) "$rss" "$cpu" >> "$results"
  echo "  $svc, $variant, round $round: $(( t1 - t0 )) ms, $rss MB, CPU $cpu ms" >&2
}

ALL_VARIANTS=("fast-jar" "aot-jar" "aot-jar + test-suite cache" "aot-jar + run cache")
[[ -n "${BASELINE:-}" ]] && ALL_VARIANTS+=("baseline fast-jar" "baseline aot-jar + run cache")
VARIANTS=()
for v in "${ALL_VARIANTS[@]}"; do
  [[ -z "$VARIANT_FILTER" || "|$VARIANT_FILTER|" == *"|$v|"* ]] && VARIANTS+=("$v")
done
wanted() { local v; for v in "${VARIANTS[@]}"; do [[ "$v" == "$1" ]] && return 0; done; return 1; }
for svc in "${SERVICES[@]}"; do
  echo "$svc: training run for the AOT cache ..." >&2
  run_cache=$(train "$svc")
  wanted "baseline aot-jar + run cache" && baseline_cache=$(train "$svc" "$(baseline_aot_dir "$svc")" -baseline)
  # the variants take turns, round after round, so that a change in the machine's load falls on all of them
  for i in $(seq 1 "$RUNS"); do
    wanted "fast-jar" && measure_one "$svc" "fast-jar" "$(plain_dir "$svc")" "" "$i"
    wanted "aot-jar" && measure_one "$svc" "aot-jar" "$(aot_dir "$svc")" "" "$i"
    wanted "aot-jar + test-suite cache" && [[ -f "$(aot_dir "$svc")/app.aot" ]] \
      && measure_one "$svc" "aot-jar + test-suite cache" "$(aot_dir "$svc")" "-XX:AOTCache=app.aot" "$i"
    wanted "aot-jar + run cache" && measure_one "$svc" "aot-jar + run cache" "$(aot_dir "$svc")" "-XX:AOTCache=$run_cache" "$i"
    wanted "baseline fast-jar" && measure_one "$svc" "baseline fast-jar" "$(baseline_plain_dir "$svc")" "" "$i"
    wanted "baseline aot-jar + run cache" \
      && measure_one "$svc" "baseline aot-jar + run cache" "$(baseline_aot_dir "$svc")" "-XX:AOTCache=$baseline_cache" "$i"
  done
done

echo
echo "Start-up to ready, $RUNS starts each; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $("$JAVA" -version 2>&1 | head -n 1)"
printf '| %-17s | %-28s | %14s | %12s | %12s | %12s |\n' service variant "ready ms (med)" "min–max ms" "CPU ms (med)" "RSS MB (med)"
printf '|%s|%s|%s|%s|%s|%s|\n' "-------------------" "------------------------------" "----------------:" "--------------:" "--------------:" "--------------:"
for svc in "${SERVICES[@]}"; do
  for variant in "${VARIANTS[@]}"; do
    rows=$(awk -F'\t' -v s="$svc" -v v="$variant" '$1 == s && $2 == v' "$results")
    [[ -n "$rows" ]] || continue
    printf '| %-17s | %-28s | %14s | %12s | %12s | %12s |\n' "$svc" "$variant" \
      "$(cut -f3 <<< "$rows" | median)" "$(cut -f3 <<< "$rows" | minmax)" "$(cut -f5 <<< "$rows" | median)" "$(cut -f4 <<< "$rows" | median)"
  done
done
