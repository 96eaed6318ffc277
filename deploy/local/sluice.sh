#!/usr/bin/env bash
# Starts Sluice on one machine without Docker: the real servers (through servers.sh) and every
# Sluice service as a plain `java -jar` process on loopback.
#
#   sluice.sh up      build the services if needed, start servers and services, print the URLs
#   sluice.sh up cluster   the same on the clustered engines (servers.sh up cluster: 3 NATS
#                     servers, a Redis Cluster, two ClickHouse replicas), with three copies of every
#                     stream and bucket and dedup claims held by a Redis replica before they count
#   sluice.sh down    stop the services, then the servers this project started
#   sluice.sh status  one line per server and service
#   sluice.sh test    start the servers the tests need (and install the headless browser the ui's
#                     tests drive, and a Docker engine for deploy/docker's test), then run the
#                     whole test suite (./mvnw verify -Dsluice.docker=true)
#
# Environment: SLUICE_HOME (default ~/.sluice) holds data, logs and pid files; SLUICE_JAVA_OPTS
# is passed to every service JVM after deploy/jvm.options (default -Xmx384m). Ports: SLUICE_UI_PORT (8080),
# SLUICE_API_PORT (8081), SLUICE_INGEST_PORT (8082), SLUICE_DEDUP_PORT (8083),
# SLUICE_JOIN_PORT (8084), SLUICE_SINK_PORT (8085); server ports as in servers.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SLUICE_HOME=${SLUICE_HOME:-$HOME/.sluice}
RUN_DIR=$SLUICE_HOME/run
LOG_DIR=$SLUICE_HOME/logs
JAVA_OPTS=${SLUICE_JAVA_OPTS:--Xmx384m}

# Order matters for start-up only in that the API comes up before the UI that calls it.
SERVICES=(api-service ingest-service dedup-service join-service sink-service ui)

port_of() {
    case $1 in
        ui) echo "${SLUICE_UI_PORT:-8080}" ;;
        api-service) echo "${SLUICE_API_PORT:-8081}" ;;
        ingest-service) echo "${SLUICE_INGEST_PORT:-8082}" ;;
        dedup-service) echo "${SLUICE_DEDUP_PORT:-8083}" ;;
        join-service) echo "${SLUICE_JOIN_PORT:-8084}" ;;
        sink-service) echo "${SLUICE_SINK_PORT:-8085}" ;;
    esac
}

# Prints nothing when the service is not built yet; never fails (callers run under pipefail and
# set -e, where a failing `ls` would end the script without a word).
jar_of() {
    local jar
    for jar in "$ROOT/$1"/target/"$1"-*.jar; do
        [[ -f $jar && $jar != *-plain.jar ]] && { echo "$jar"; return 0; }
    done
    return 0
}

running_pid() {
    local pid_file=$RUN_DIR/$1.pid
    [[ -f $pid_file ]] || return 1
    local pid
    pid=$(<"$pid_file")
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

health_of() {
    curl -fsS --max-time 2 "http://127.0.0.1:$(port_of "$1")/actuator/health" 2>/dev/null | grep -o '"status":"[A-Z_]*"}$' | cut -d'"' -f4
}

# Secrets the api-service refuses to start without, generated once per installation and kept
# (mode 600) so data encrypted under the key stays readable across restarts.
load_secrets() {
    local file=$SLUICE_HOME/secrets.env
    if [[ ! -f $file ]]; then
        mkdir -p "$SLUICE_HOME"
        (
            umask 077
            random() { head -c "$1" /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }
            {
                echo "SLUICE_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)"
                echo "SLUICE_BOOTSTRAP_TOKEN=slc_$(random 24)"
                echo "SLUICE_ADMIN_USERNAME=admin"
                echo "SLUICE_ADMIN_PASSWORD=$(random 12)"
            } >"$file"
        )
        echo "Generated secrets for this installation in $file"
    fi
    set -a
    # shellcheck disable=SC1090
    source "$file"
    set +a
}

build_if_needed() {
    local stale=0 service jar
    for service in "${SERVICES[@]}"; do
        jar=$(jar_of "$service")
        # A jar older than any module's sources (its own, or a shared module's it is built with:
        # pipeline-model, worker-runtime, nats-support…) would run yesterday's code.
        if [[ -z $jar || -n $(find "$ROOT"/*/src/main "$ROOT"/pom.xml "$ROOT"/*/pom.xml -newer "$jar" -print -quit) ]]; then
            stale=1
        fi
    done
    if (( stale == 1 )); then
        echo "Building Sluice (./mvnw package, tests skipped; 'sluice.sh test' runs them)…"
        (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
    fi
}

start_service() {
    local service=$1 port pid
    port=$(port_of "$service")
    if pid=$(running_pid "$service"); then
        if [[ -n $(find "$(jar_of "$service")" -newer "$RUN_DIR/$service.jar" -print -quit 2>/dev/null) ]]; then
            echo "  $service already running (pid $pid, port $port) on the build it started with; to run the"
            echo "    newer build: $0 down, then $0 up"
        else
            echo "  $service already running (pid $pid, port $port)"
        fi
        return
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "Port $port, which $service needs, is taken by another process:" >&2
        ss -ltnp "sport = :$port" >&2 || true
        echo "Stop that process or choose another port (see the header of $0)." >&2
        exit 1
    fi
    # Run a copy: a JVM reads classes from its jar for as long as it runs, so a build that rewrote
    # target/ under a running service (this script's own build_if_needed, when another service was
    # stopped) broke it at its next class first needed (the UI's pages answered nothing).
    local run_jar=$RUN_DIR/$service.jar
    cp "$(jar_of "$service")" "$run_jar.tmp"
    mv -f "$run_jar.tmp" "$run_jar"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options on purpose
    nohup java @"$ROOT/deploy/jvm.options" $JAVA_OPTS -jar "$run_jar" >"$LOG_DIR/$service.log" 2>&1 &
    echo $! >"$RUN_DIR/$service.pid"
    echo "  $service starting (pid $!, port $port, log $LOG_DIR/$service.log)"
}

await_healthy() {
    local service=$1 deadline=$((SECONDS + 120))
    until [[ $(health_of "$service") == UP ]]; do
        if ! running_pid "$service" >/dev/null; then
            echo "$service exited during start-up; last lines of $LOG_DIR/$service.log:" >&2
            tail -n 30 "$LOG_DIR/$service.log" >&2
            exit 1
        fi
        if (( SECONDS > deadline )); then
            echo "$service did not report UP on /actuator/health within 120 s; see $LOG_DIR/$service.log" >&2
            exit 1
        fi
        sleep 1
    done
}

stop_service() {
    local service=$1 pid
    if pid=$(running_pid "$service"); then
        # SIGTERM lets Spring drain consumers and finish in-flight batches (graceful shutdown).
        kill "$pid"
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "  $service stopped"
    fi
    rm -f "$RUN_DIR/$service.pid"
}

# The cluster profile: what the services need to keep the promise through a node loss
# (README, Running at scale). Endpoints as the tests take them, defaults as servers.sh starts them.
cluster_environment() {
    export SLUICE_NATS_URL=${SLUICE_NATS_CLUSTER_URL:-nats://127.0.0.1:4231,nats://127.0.0.1:4232,nats://127.0.0.1:4233}
    export SLUICE_NATS_REPLICAS=3
    local redis=${SLUICE_REDIS_CLUSTER_URI:-redis://127.0.0.1:7001,redis://127.0.0.1:7002,redis://127.0.0.1:7003}
    export SLUICE_DEDUP_REDISURI=$redis SLUICE_DEDUP_REDISCLUSTER=true SLUICE_DEDUP_WAITREPLICAS=1
    export SLUICE_JOIN_REDISURI=$redis SLUICE_JOIN_REDISCLUSTER=true
}

cmd_up() {
    local profile=${1:-}
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    "$ROOT/deploy/local/servers.sh" up
    if [[ $profile == cluster ]]; then
        "$ROOT/deploy/local/servers.sh" up cluster
        cluster_environment
    elif [[ -n $profile ]]; then
        echo "Unknown profile '$profile': sluice.sh up [cluster]" >&2
        exit 2
    fi
    load_secrets
    build_if_needed
    echo "Starting Sluice services…"
    local service
    for service in "${SERVICES[@]}"; do
        start_service "$service"
    done
    for service in "${SERVICES[@]}"; do
        await_healthy "$service"
    done
    cat <<MSG

Sluice is up.
  UI:       http://127.0.0.1:$(port_of ui)/
  REST API: http://127.0.0.1:$(port_of api-service)/api/v1
  Health:   http://127.0.0.1:<port>/actuator/health on every service (ports 8080-8085)
  Logs:     $LOG_DIR
  UI login: $SLUICE_ADMIN_USERNAME / $SLUICE_ADMIN_PASSWORD
  API:      curl -H "Authorization: Bearer \$SLUICE_BOOTSTRAP_TOKEN" http://127.0.0.1:$(port_of api-service)/api/v1/pipelines
            (the token and password are in $SLUICE_HOME/secrets.env)
Stop everything with: $0 down
MSG
    if [[ $profile == cluster ]]; then
        cat <<MSG
On the cluster: every service reaches NATS at $SLUICE_NATS_URL (streams and buckets with 3 copies)
and Redis at $SLUICE_DEDUP_REDISURI (a Redis Cluster; dedup claims WAIT 1). Give a pipeline's sink
both ClickHouse replicas, "url": "${SLUICE_CLICKHOUSE_REPLICA_URLS:-http://127.0.0.1:8124,http://127.0.0.1:8125}", with the
table created on each as ReplicatedMergeTree('/clickhouse/tables/{shard}/<db>/<table>', '{replica}').
MSG
    fi
}

cmd_down() {
    local i
    for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
        stop_service "${SERVICES[i]}"
    done
    "$ROOT/deploy/local/servers.sh" down
    "$ROOT/deploy/local/servers.sh" down cluster
}

cmd_status() {
    "$ROOT/deploy/local/servers.sh" status || true
    local service pid
    for service in "${SERVICES[@]}"; do
        if pid=$(running_pid "$service"); then
            printf '%-16s port %-5s %-5s pid %s\n' "$service" "$(port_of "$service")" "$(health_of "$service" || echo '?')" "$pid"
        else
            printf '%-16s port %-5s DOWN\n' "$service" "$(port_of "$service")"
        fi
    done
}

cmd_test() {
    "$ROOT/deploy/local/servers.sh" up
    # The clustered engines (3 NATS servers, a Redis Cluster, two ClickHouse replicas) beside the
    # single servers, for the tests that kill a node of them.
    "$ROOT/deploy/local/servers.sh" up cluster
    "$ROOT/deploy/local/servers.sh" browser
    # deploy/docker's compose stack is tested too (DockerComposeEndToEndIntegrationTests); it
    # builds its images itself, cached in the engine after the first run.
    "$ROOT/deploy/local/servers.sh" docker
    (cd "$ROOT" && ./mvnw -B verify -Dsluice.docker=true "$@")
}

case ${1:-} in
    up) cmd_up "${2:-}" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    test) shift; cmd_test "$@" ;;
    *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
