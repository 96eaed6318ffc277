#!/usr/bin/env bash
# shellcheck disable=SC2016 # the /dev/tcp probes single-quote their bash -c scripts on purpose
# Real servers for developing and testing Sluice on a machine without Docker (see
# shared/ARCHITECTURE.md, "Local servers on these machines").
#
# Usage:
#   deploy/local/servers.sh up     [server...]    install what is missing, start, wait until answering
#   deploy/local/servers.sh down   [server...]    stop what this script started (never anything else)
#   deploy/local/servers.sh status [server...]    one line per server; exit 0 only if all are UP
#   deploy/local/servers.sh logs   [server] [-f]  tail a managed server's log
#   deploy/local/servers.sh kill   server...      SIGKILL servers this script started, as a crash would
#                                                 (tests; `up` starts them again)
#   deploy/local/servers.sh browser               install Debian's chromium + chromium-driver (browser tests)
#   deploy/local/servers.sh docker                install Debian's docker.io, docker-compose and debootstrap,
#                                                 start dockerd when no engine answers (deploy/docker's test)
#   deploy/local/servers.sh kafka-tool CLASS [args...]   a Kafka CLI class from the broker's jars, e.g.
#       kafka-tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#       (also ConsoleProducer, consumer.ConsoleConsumer, BrokerApiVersionsCommand, all in org.apache.kafka.tools)
# Servers, in start order: postgres redis nats zookeeper clickhouse kafka (default: all).
# `up clickhouse` also brings up zookeeper, which its replicated tables need.
#
# The cluster topology (issue #13), only when asked for: `up cluster` (or `status cluster`,
# `down cluster`) starts beside the single servers, on ports of their own,
#   nats-1 nats-2 nats-3          one JetStream cluster "sluice-cluster" (client ports 4231-4233)
#   redis-1 ... redis-6           one Redis Cluster: 3 masters with 1 replica each, AOF on
#                                 (ports 7001-7006), formed with redis-cli --cluster create
#   clickhouse-1 clickhouse-2     two replicas of shard 01 on the single ZooKeeper (HTTP 8124, 8125;
#                                 macros {shard}=01, {replica}=cluster-1 / cluster-2)
# Each name also works alone (`down nats-2` stops one node, `up nats-2` starts it again).
#
# Everything binds to 127.0.0.1. A server that already answers on its port is reused as it is,
# whoever started it (this machine pre-starts PostgreSQL, Redis and NATS); a port held by
# something that does not speak the expected protocol is an error, never silently shared.
#
# Environment:
#   SLUICE_HOME                   root of data/<server>, logs/<server>.log, run/<server>.pid
#                                 (default $HOME/.sluice)
#   SLUICE_PG_PORT                PostgreSQL                      (default 5432; user postgres, no password,
#                                                                  database postgres)
#   SLUICE_REDIS_PORT             Redis                           (default 6379)
#   SLUICE_NATS_PORT              NATS with JetStream             (default 4222)
#   SLUICE_ZK_PORT                ZooKeeper client port           (default 2181)
#   SLUICE_CH_HTTP_PORT           ClickHouse HTTP                 (default 8123; user default, no password;
#                                                                  tests also log in as sluice_test / sluice-test-password)
#   SLUICE_CH_TCP_PORT            ClickHouse native protocol      (default 9000)
#   SLUICE_CH_INTERSERVER_PORT    ClickHouse replica fetches      (default 9009)
#   SLUICE_KAFKA_PORT             Kafka broker (PLAINTEXT)        (default 9092)
#   SLUICE_KAFKA_CONTROLLER_PORT  Kafka KRaft controller          (default 9093)
#   SLUICE_KAFKA_SASL_PORT        Kafka SASL_PLAINTEXT            (default 9094; PLAIN user sluice /
#                                                                  sluice-test-password; SCRAM users are made
#                                                                  by the tests through the Admin API)
#   SLUICE_KAFKA_SSL_PORT         Kafka SSL                       (default 9095; certificate signed by a CA
#                                                                  generated once, $SLUICE_HOME/data/kafka/tls/ca.pem)
#   SLUICE_KAFKA_SASL_SSL_PORT    Kafka SASL_SSL                  (default 9096; both of the above)
#   SLUICE_NATS_CLUSTER_PORT      first client port of the NATS cluster (default 4231; routes +2000,
#                                 monitoring +4000)
#   SLUICE_REDIS_CLUSTER_PORT     first port of the Redis Cluster (default 7001; cluster bus +10000)
#   SLUICE_CH_REPLICA_PORT        HTTP port of clickhouse-1 (default 8124; native +877, interserver +887;
#                                 clickhouse-2 one above each)
#   SLUICE_WAIT_SECONDS           how long `up` waits for each server to answer (default 120)
#
# Requires bash and a JDK 17+; Kafka is fetched from Maven Central through the project's Maven
# wrapper (deploy/local/kafka/pom.xml); the Debian packages are installed on first use.

set -euo pipefail

SLUICE_HOME=${SLUICE_HOME:-$HOME/.sluice}
DATA=$SLUICE_HOME/data
LOGS=$SLUICE_HOME/logs
RUN=$SLUICE_HOME/run
HOST=127.0.0.1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

PG_PORT=${SLUICE_PG_PORT:-5432}
REDIS_PORT=${SLUICE_REDIS_PORT:-6379}
NATS_PORT=${SLUICE_NATS_PORT:-4222}
ZK_PORT=${SLUICE_ZK_PORT:-2181}
CH_HTTP_PORT=${SLUICE_CH_HTTP_PORT:-8123}
CH_TCP_PORT=${SLUICE_CH_TCP_PORT:-9000}
CH_INTERSERVER_PORT=${SLUICE_CH_INTERSERVER_PORT:-9009}
KAFKA_PORT=${SLUICE_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${SLUICE_KAFKA_CONTROLLER_PORT:-9093}
KAFKA_SASL_PORT=${SLUICE_KAFKA_SASL_PORT:-9094}
KAFKA_SSL_PORT=${SLUICE_KAFKA_SSL_PORT:-9095}
KAFKA_SASL_SSL_PORT=${SLUICE_KAFKA_SASL_SSL_PORT:-9096}
WAIT_SECONDS=${SLUICE_WAIT_SECONDS:-120}

NATS_CLUSTER_PORT=${SLUICE_NATS_CLUSTER_PORT:-4231}
REDIS_CLUSTER_PORT=${SLUICE_REDIS_CLUSTER_PORT:-7001}
CH_REPLICA_PORT=${SLUICE_CH_REPLICA_PORT:-8124}

ALL_SERVERS=(postgres redis nats zookeeper clickhouse kafka)
CLUSTER_SERVERS=(nats-1 nats-2 nats-3 redis-1 redis-2 redis-3 redis-4 redis-5 redis-6 clickhouse-1 clickhouse-2)
KNOWN_SERVERS=("${ALL_SERVERS[@]}" "${CLUSTER_SERVERS[@]}")

say() { printf '%s\n' "$*"; }
warn() { printf 'servers.sh: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# Ports and protocol probes. They use bash's /dev/tcp rather than client tools so that a bare
# machine can tell "free", "ours" and "someone else's" before anything is installed.
# (Their inner scripts are single-quoted on purpose: host and port come in as $0/$1.)

port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null; }

who_listens() {
  local out=""
  if command -v ss >/dev/null; then
    out=$(ss -Hltnp "sport = :$1" 2>/dev/null | awk 'NR <= 3 { printf "%s%s %s", (NR > 1 ? "; " : ""), $4, $6 }')
  fi
  printf '%s' "${out:-an unknown process (install iproute2 for ss -ltnp to name it)}"
}

port_conflict() { # server, port
  local main why
  main=$(ports_of "$1" | cut -d' ' -f1)
  if [[ $2 == "$main" ]]; then
    why="It does not answer as $1 ($(probe_text "$1"))."
  else
    why="$1 needs it too, and no $1 answers on its main port $HOST:$main, so it is not $1's."
  fi
  die "port $HOST:$2 is taken by: $(who_listens "$2")
  $why
  Stop that process, or point Sluice at another port (see the variables at the top of $0)."
}

ready_postgres() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -t 2
  else
    # SSLRequest: any PostgreSQL answers it with a single 'S' or 'N' byte.
    [[ $(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "\x00\x00\x00\x08\x04\xd2\x16\x2f" >&3; head -c 1 <&3' \
      "$HOST" "$PG_PORT" 2>/dev/null) == [SN] ]]
  fi
}

redis_ping() { # port
  [[ $(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "PING\r\n" >&3; head -n 1 <&3' \
    "$HOST" "$1" 2>/dev/null) == "+PONG"* ]]
}
ready_redis() { redis_ping "$REDIS_PORT"; }

nats_info() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; head -n 1 <&3' "$HOST" "$NATS_PORT" 2>/dev/null
}
# Sluice's data plane is JetStream: a core-only NATS on the port is as wrong as a stranger.
ready_nats() { local i; i=$(nats_info) && [[ $i == "INFO {"* && $i == *'"jetstream":true'* ]]; }

zk_4lw() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "%s" "$2" >&3; cat <&3' "$HOST" "$ZK_PORT" "$1" 2>/dev/null
}
# 'ruok' answers imok as soon as the process runs, while it may still be loading its snapshot and
# refuse client sessions; ClickHouse 18.16 exits when its first session to ZooKeeper fails. 'srvr'
# only reports a Mode once the server serves. A ZooKeeper of someone else's that does not allow
# 'srvr' falls back to 'ruok'.
ready_zookeeper() {
  local out
  out=$(zk_4lw srvr)
  [[ $out == *"Mode: "* ]] && return 0
  [[ $out == *"not in the whitelist"* && $(zk_4lw ruok) == imok ]]
}

http_get() { # port path -> full response (headers and body)
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3; cat <&3' \
    "$HOST" "$1" "$2" 2>/dev/null
}
clickhouse_ping() { [[ $(http_get "$1" /ping) == *$'\r\n\r\nOk.'* ]]; } # port
ready_clickhouse() { clickhouse_ping "$CH_HTTP_PORT"; }

# ApiVersions v0 (key 18) with correlation id 0x5a5a0001 and client id "sluice". Every Kafka
# version answers it (with UNSUPPORTED_VERSION at worst); the broker only answers once it has
# finished starting, so a matching correlation id with error 0 means "ready for clients".
kafka_api_versions() {
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"
    printf "\x00\x00\x00\x10\x00\x12\x00\x00\x5a\x5a\x00\x01\x00\x06sluice" >&3
    head -c 10 <&3 | od -An -tx1 | tr -d " \n"' "$HOST" "$KAFKA_PORT" 2>/dev/null
}
ready_kafka() { [[ $(kafka_api_versions) == ????????5a5a00010000 ]]; }

# A cluster node is ready once its JetStream is (healthz without js-enabled-only also waits for
# every stream to be current, which a node restarted into a busy cluster may take long to be).
ready_nats_node() { [[ $(http_get "$(ports_of "$1" | cut -d' ' -f3)" '/healthz?js-enabled-only=true') == *'"status":"ok"'* ]]; }

# Every server's readiness and start, by name: the cluster's nodes share one function per kind.
ready_of() {
  case $1 in
    nats-*) ready_nats_node "$1" ;;
    redis-*) redis_ping "$(main_port "$1")" ;;
    clickhouse-*) clickhouse_ping "$(main_port "$1")" ;;
    *) "ready_$1" ;;
  esac
}
start_of() {
  case $1 in
    nats-*) start_nats_node "$1" ;;
    redis-*) start_redis_node "$1" ;;
    clickhouse-*) start_clickhouse_replica "$1" ;;
    *) "start_$1" ;;
  esac
}

# Every port a server binds, first one is the one clients use.
ports_of() {
  case $1 in
    postgres) echo "$PG_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
    nats) echo "$NATS_PORT" ;;
    zookeeper) echo "$ZK_PORT" ;;
    clickhouse) echo "$CH_HTTP_PORT $CH_TCP_PORT $CH_INTERSERVER_PORT" ;;
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT $KAFKA_SASL_PORT $KAFKA_SSL_PORT $KAFKA_SASL_SSL_PORT" ;;
    nats-[1-3]) local n=${1#nats-} p
      p=$((NATS_CLUSTER_PORT + n - 1)); echo "$p $((p + 2000)) $((p + 4000))" ;;
    redis-[1-6]) local p=$((REDIS_CLUSTER_PORT + ${1#redis-} - 1)); echo "$p $((p + 10000))" ;;
    clickhouse-[12]) local p=$((CH_REPLICA_PORT + ${1#clickhouse-} - 1)); echo "$p $((p + 877)) $((p + 887))" ;;
  esac
}
main_port() { ports_of "$1" | cut -d' ' -f1; }

probe_text() {
  case $1 in
    postgres) echo "PostgreSQL: no answer to pg_isready" ;;
    redis) echo "Redis: PING did not return +PONG" ;;
    nats) echo "NATS with JetStream: first line is not INFO {...\"jetstream\":true...}" ;;
    zookeeper) echo "ZooKeeper: 'srvr' did not report a Mode (not serving yet)" ;;
    clickhouse) echo "ClickHouse: GET /ping did not return Ok." ;;
    kafka) echo "Kafka: no ApiVersions response" ;;
    nats-*) echo "NATS cluster node: monitoring /healthz?js-enabled-only=true did not say ok" ;;
    redis-*) echo "Redis Cluster node: PING did not return +PONG" ;;
    clickhouse-*) echo "ClickHouse replica: GET /ping did not return Ok." ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Processes this script manages. A pid file alone proves nothing after a reboot (pids are
# reused), so a pid counts as ours only while its working directory (launch() starts every
# server in its data dir) or its command line still names that data dir. Both, because Redis
# rewrites its command line and some servers chdir into a subdirectory.

pidfile() { echo "$RUN/$1.pid"; }

marker_of() {
  case $1 in
    postgres) pg_datadir ;;
    *) echo "$DATA/$1" ;;
  esac
}

managed_pid() {
  local f pid
  f=$(pidfile "$1")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  local marker cwd
  marker=$(marker_of "$1")
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=""
  if [[ $cwd == "$marker" || $cwd == "$marker"/* ]] ||
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    echo "$pid"
  else
    return 1
  fi
}

# A pid file left by a process that is gone; the pid in it is removed only when no process of
# that name holds it now, so a live daemon's file is never touched.
remove_stale_pid_file() { # file, process name
  local pid
  [[ -f $1 ]] || return 0
  pid=$(<"$1")
  if [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]]; then
    return 0
  fi
  as_root rm -f "$1"
}

# The server's stdout/stderr go to its log; setsid keeps it alive when the shell or the process
# group that ran `up` goes away (CI runners and tool harnesses kill whole groups).
launch() { # server, command...
  local s=$1; shift
  mkdir -p "$LOGS" "$RUN"
  say "  starting $s: $*" >>"$LOGS/$s.log"
  # fd 9 is the lock of this script: a server inheriting it would hold the lock for its lifetime.
  ( cd "$DATA/$s" && exec setsid "$@" >>"$LOGS/$s.log" 2>&1 </dev/null 9>&- ) &
  echo $! >"$(pidfile "$s")"
}

wait_ready() {
  local s=$1 pid deadline=$((SECONDS + WAIT_SECONDS)) restarts=0
  pid=$(<"$(pidfile "$s")")
  until ready_of "$s"; do
    if [[ ! -d /proc/$pid ]]; then
      # ClickHouse gives up at once when ZooKeeper drops its first session while it attaches
      # replicated tables (ZooKeeper may still be replaying a large log then); a new attempt
      # a little later succeeds, so a few restarts are cheaper than failing the whole start.
      if [[ $s == clickhouse* ]] && ((restarts < 3)) && tail -n 200 "$LOGS/$s.log" | grep -q ZooKeeper; then
        restarts=$((restarts + 1))
        warn "$s exited during startup while talking to ZooKeeper; starting it again ($restarts/3)"
        sleep $((2 * restarts))
        start_of "$s"
        pid=$(<"$(pidfile "$s")")
        continue
      fi
      warn "$s exited during startup; last lines of $LOGS/$s.log:"
      tail -n 25 "$LOGS/$s.log" >&2 || true
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      warn "$s (pid $pid) did not answer on $HOST:$(ports_of "$s" | cut -d' ' -f1) within ${WAIT_SECONDS}s;" \
        "it is left running, see $LOGS/$s.log. Last lines:"
      tail -n 25 "$LOGS/$s.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# Debian packages

APT_UPDATED=0
apt_install() {
  (($# > 0)) || return 0
  say "installing Debian packages (log: $LOGS/apt.log): $*"
  # Without this, the packages' maintainer scripts start their system services (with Debian's
  # configs, on our ports) before we get to run our own; 101 = "action forbidden".
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    # Left behind by an interrupted run, it would keep blocking every service start on the machine.
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    own_policy=1
  fi
  local rc=0 log=$LOGS/apt.log
  mkdir -p "$LOGS"
  if ((APT_UPDATED == 0)); then
    as_root apt-get update -q >>"$log" 2>&1 || rc=$?
    APT_UPDATED=1
  fi
  if ((rc == 0)); then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 || rc=$?
  fi
  if ((own_policy == 1)); then
    as_root rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
  if ((rc != 0)); then
    tail -n 20 "$log" >&2
    die "apt-get failed (exit $rc) installing: $* (full output in $log)"
  fi
  # policy-rc.d stops the start now; with systemd the units would still start at the next boot
  # and then hold our ports with Debian's settings, so the ones we just installed are disabled.
  if [[ -d /run/systemd/system ]]; then
    local pkg
    for pkg in "$@"; do
      case $pkg in
        postgresql | redis-server | nats-server | clickhouse-server)
          as_root systemctl disable --now "$pkg" >/dev/null 2>&1 || true ;;
      esac
    done
  fi
}

pg_bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [[ -n $d && -x $d/initdb ]] && echo "$d"
}

missing_packages() { # server -> Debian packages it needs that are not installed
  case $1 in
    postgres) pg_bindir >/dev/null || echo postgresql ;;
    redis) command -v redis-server >/dev/null || echo redis-server ;;
    nats) command -v nats-server >/dev/null || echo nats-server ;;
    zookeeper)
      [[ -f /usr/share/java/zookeeper.jar ]] || echo zookeeper
      command -v java >/dev/null || echo default-jre-headless ;;
    clickhouse) command -v clickhouse-server >/dev/null || echo clickhouse-server clickhouse-client ;;
    kafka)
      command -v java >/dev/null || echo default-jre-headless ;;
    nats-*) missing_packages nats ;;
    redis-*) missing_packages redis ;;
    clickhouse-*) missing_packages clickhouse ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL. It refuses to run as root, and root's home is usually closed to other users, so
# when root runs this script the cluster lives in /var/lib/sluice/ and data/postgres links to it.

pg_datadir() {
  local d=$DATA/postgres
  if [[ -L $d ]]; then readlink -f "$d"; else echo "$d"; fi
}

start_postgres() {
  local bin d
  bin=$(pg_bindir) || die "no PostgreSQL server binaries under /usr/lib/postgresql"
  mkdir -p "$DATA"
  if [[ $EUID -eq 0 && ! -e $DATA/postgres ]]; then
    getent passwd postgres >/dev/null || die "user postgres missing (the postgresql package creates it)"
    if ! runuser -u postgres -- test -x "$DATA"; then
      d=/var/lib/sluice/postgres-$(printf '%s' "$SLUICE_HOME" | md5sum | cut -c1-8)
      mkdir -p "$d"
      ln -s "$d" "$DATA/postgres"
    fi
  fi
  d=$(pg_datadir)
  mkdir -p "$d"
  [[ $EUID -ne 0 ]] || chown postgres:postgres "$d"
  chmod 700 "$d"
  if [[ ! -f $d/PG_VERSION ]]; then
    say "  initdb $d"
    if [[ $EUID -eq 0 ]]; then
      runuser -u postgres -- "$bin/initdb" -D "$d" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >>"$LOGS/postgres.log" 2>&1
    else
      "$bin/initdb" -D "$d" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >>"$LOGS/postgres.log" 2>&1
    fi || die "initdb failed, see $LOGS/postgres.log"
  fi
  # The socket goes into the data dir: /var/run/postgresql may not exist or may be the machine's.
  local as_owner=()
  # setpriv execs in place (runuser would stay as a parent), so the pid file holds the postmaster.
  [[ $EUID -ne 0 ]] || as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
  launch postgres "${as_owner[@]}" "$bin/postgres" -D "$d" -p "$PG_PORT" \
    -c listen_addresses="$HOST" -c unix_socket_directories="$d" -c max_connections=200
}

# Stop modes: SIGINT is PostgreSQL's "fast" shutdown (SIGTERM waits for clients to leave).
stop_signal() { [[ $1 == postgres ]] && echo INT || echo TERM; }

# ---------------------------------------------------------------------------------------------
# Redis: AOF on, because Sluice's dedup state must survive a Redis crash in the crash tests.
# appendfsync stays "everysec": Redis write()s the AOF before it replies, so a killed process
# loses nothing acknowledged; fsync only matters if the whole machine dies.

start_redis() {
  mkdir -p "$DATA/redis"
  launch redis redis-server --bind "$HOST" --port "$REDIS_PORT" --dir "$DATA/redis" \
    --appendonly yes --save "" --daemonize no --logfile ""
}

# ---------------------------------------------------------------------------------------------
start_nats() {
  mkdir -p "$DATA/nats"
  launch nats nats-server -n sluice -a "$HOST" -p "$NATS_PORT" -js -sd "$DATA/nats"
}

# The cluster's NATS nodes: one JetStream cluster of three, routes among them on loopback.
start_nats_node() { # nats-N
  local n=${1#nats-} ports d=$DATA/$1 routes="" i
  read -ra ports <<<"$(ports_of "$1")"
  for i in 1 2 3; do routes+="nats-route://$HOST:$(ports_of "nats-$i" | cut -d' ' -f2),"; done
  mkdir -p "$d/jetstream"
  launch "$1" nats-server -n "sluice-$n" -a "$HOST" -p "${ports[0]}" -m "${ports[2]}" -js -sd "$d/jetstream" \
    --cluster_name sluice-cluster --cluster "nats://$HOST:${ports[1]}" --routes "${routes%,}"
}

# The Redis Cluster's nodes: AOF on like the single Redis; the cluster is formed once all six
# answer (form_redis_cluster), and a node started again rejoins from its nodes.conf.
start_redis_node() { # redis-N
  local d=$DATA/$1
  mkdir -p "$d"
  launch "$1" redis-server --bind "$HOST" --port "$(main_port "$1")" --dir "$d" --appendonly yes --save "" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --daemonize no --logfile ""
}

form_redis_cluster() {
  local first nodes=() i deadline=$((SECONDS + WAIT_SECONDS))
  first=$(main_port redis-1)
  if redis-cli -h "$HOST" -p "$first" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
    say "redis cluster: formed (cluster_state:ok)"
    return 0
  fi
  if [[ $(redis-cli -h "$HOST" -p "$first" cluster info 2>/dev/null | grep cluster_known_nodes | tr -dc 0-9) == 1 ]]; then
    for i in 1 2 3 4 5 6; do nodes+=("$HOST:$(main_port "redis-$i")"); done
    say "redis cluster: creating 3 masters with 1 replica each (${nodes[*]})"
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >>"$LOGS/redis-cluster.log" 2>&1 ||
      die "redis-cli --cluster create failed, see $LOGS/redis-cluster.log"
  fi
  until redis-cli -h "$HOST" -p "$first" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; do
    ((SECONDS < deadline)) || die "the Redis Cluster did not reach cluster_state:ok within ${WAIT_SECONDS}s"
    sleep 0.5
  done
  say "redis cluster: formed (cluster_state:ok)"
}

# ---------------------------------------------------------------------------------------------
# ZooKeeper from Debian's jars, with our own config: the packaged zkServer.sh reads
# /etc/zookeeper/conf and would share state with anything else on the machine.

start_zookeeper() {
  local d=$DATA/zookeeper
  mkdir -p "$d/conf" "$d/data"
  cat >"$d/conf/zoo.cfg" <<EOF
# Written by deploy/local/servers.sh on every start; edits are lost.
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$d/data
clientPort=$ZK_PORT
clientPortAddress=$HOST
maxClientCnxns=0
# The embedded Jetty admin server would take 8080, which Sluice's own services want.
admin.enableServer=false
4lw.commands.whitelist=ruok,stat,srvr
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
EOF
  # Debian's zookeeper.jar manifest lists slf4j-api but no binding, which silences ZooKeeper
  # entirely; slf4j-simple (same package as slf4j-api) logs to stderr, i.e. into our log.
  local cp="$d/conf:/usr/share/java/zookeeper.jar"
  [[ -f /usr/share/java/slf4j-simple.jar ]] && cp="$cp:/usr/share/java/slf4j-simple.jar"
  launch zookeeper java -Xms64m -Xmx256m -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" \
    -Dzookeeper.jmx.log4j.disable=true \
    -cp "$cp" org.apache.zookeeper.server.quorum.QuorumPeerMain "$d/conf/zoo.cfg"
}

# ---------------------------------------------------------------------------------------------
# ClickHouse (Debian ships 18.16, which predates most of today's settings: keep this config to
# elements 18.16 knows). Replicated tables take their ZooKeeper path and replica name from
# the macros, e.g. ReplicatedMergeTree('/clickhouse/tables/{shard}/db/table', '{replica}').

start_clickhouse() {
  write_clickhouse_config clickhouse "$CH_HTTP_PORT" "$CH_TCP_PORT" "$CH_INTERSERVER_PORT" replica1
  launch clickhouse clickhouse-server --config-file="$DATA/clickhouse/config.xml"
}

# The cluster's replicas: the same config on their own ports, data dir and replica macro, so a
# table created on both with ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}')
# is one table with two replicas.
start_clickhouse_replica() { # clickhouse-N
  local n=${1#clickhouse-} ports
  read -ra ports <<<"$(ports_of "$1")"
  write_clickhouse_config "$1" "${ports[0]}" "${ports[1]}" "${ports[2]}" "cluster-$n"
  launch "$1" clickhouse-server --config-file="$DATA/$1/config.xml"
}

write_clickhouse_config() { # server http tcp interserver replica
  local server=$1 http=$2 tcp=$3 interserver=$4 replica=$5 d=$DATA/$1
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$LOGS"
  cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by deploy/local/servers.sh on every start; edits are lost. -->
<yandex>
    <logger>
        <level>information</level>
        <log>$LOGS/$server.log</log>
        <errorlog>$LOGS/$server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>$HOST</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <interserver_http_port>$interserver</interserver_http_port>
    <!-- Otherwise the replica advertises \`hostname -f\`, which need not resolve here. -->
    <interserver_http_host>$HOST</interserver_http_host>
    <max_connections>1024</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <!-- The packaged defaults (8 and 5 GiB) assume a dedicated host; this one is shared. -->
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <zookeeper>
        <node index="1">
            <host>$HOST</host>
            <port>$ZK_PORT</port>
        </node>
        <session_timeout_ms>30000</session_timeout_ms>
    </zookeeper>
    <macros>
        <shard>01</shard>
        <replica>$replica</replica>
    </macros>
    <distributed_ddl>
        <path>/clickhouse/task_queue/ddl</path>
    </distributed_ddl>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
  cat >"$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<!-- Written by deploy/local/servers.sh on every start; edits are lost. -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
        <!-- For tests of password handling (a stored password put back where the UI sends its mask). -->
        <sluice_test>
            <password>sluice-test-password</password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </sluice_test>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
}

# ---------------------------------------------------------------------------------------------
# Kafka: a single KRaft node (broker + controller in one JVM) run from Maven Central's jars.

kafka_libs() {
  local libs=$DATA/kafka/libs pom=$HERE/kafka/pom.xml sum
  sum=$(sha256sum "$pom" | cut -d' ' -f1)
  # Refetch from scratch when the pom changes, so two Kafka versions never share a classpath.
  if [[ $(cat "$libs/.pom.sha256" 2>/dev/null) != "$sum" ]]; then
    say "  fetching Kafka jars with Maven ($pom)"
    rm -rf "$libs"
    mkdir -p "$libs"
    # The project's Maven wrapper: a machine needs only a JDK, no Maven installation.
    "$HERE/../../mvnw" -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$libs" >>"$LOGS/kafka.log" 2>&1 \
      || die "Maven could not fetch the Kafka jars, see $LOGS/kafka.log"
    echo "$sum" >"$libs/.pom.sha256"
  fi
}

kafka_java() { # main class and args, run in the foreground with Kafka's classpath
  java -Xms64m -Xmx256m -Dlog4j2.configurationFile="$DATA/kafka/config/log4j2.properties" \
    -cp "$DATA/kafka/libs/*" "$@"
}

# A test CA and a broker certificate it signed, for 127.0.0.1 and localhost, made once: the SSL
# listeners let tests prove that Sluice trusts a given CA certificate and refuses an unknown one.
kafka_tls() {
  local t=$DATA/kafka/tls pw=sluice-test-tls
  [[ -f $t/broker.p12 && -f $t/ca.pem ]] && return 0
  rm -rf "$t"
  mkdir -p "$t"
  say "  generating the test CA and the broker's TLS certificate ($t)"
  {
    keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname "CN=Sluice local test CA" -ext bc:c \
      -validity 3650 -keystore "$t/ca.p12" -storetype PKCS12 -storepass $pw -keypass $pw &&
    keytool -exportcert -alias ca -keystore "$t/ca.p12" -storepass $pw -rfc -file "$t/ca.pem" &&
    keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -dname "CN=localhost" -validity 3650 \
      -keystore "$t/broker.p12" -storetype PKCS12 -storepass $pw -keypass $pw &&
    keytool -certreq -alias broker -keystore "$t/broker.p12" -storepass $pw -file "$t/broker.csr" &&
    keytool -gencert -alias ca -keystore "$t/ca.p12" -storepass $pw -infile "$t/broker.csr" -outfile "$t/broker.crt" \
      -rfc -ext "SAN=dns:localhost,ip:127.0.0.1" -validity 3650 &&
    keytool -importcert -alias ca -keystore "$t/broker.p12" -storepass $pw -file "$t/ca.pem" -noprompt &&
    keytool -importcert -alias broker -keystore "$t/broker.p12" -storepass $pw -file "$t/broker.crt"
  } >>"$LOGS/kafka.log" 2>&1 || { rm -rf "$t"; die "generating the Kafka test certificates failed, see $LOGS/kafka.log"; }
}

start_kafka() {
  local d=$DATA/kafka major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ ${major:-0} -ge 17 ]] || die "Kafka 4 needs Java 17 or newer; \`java\` here is ${major:-unknown}"
  mkdir -p "$d/config" "$d/data" "$LOGS"
  kafka_libs
  kafka_tls
  cat >"$d/config/log4j2.properties" <<'EOF'
# Written by deploy/local/servers.sh on every start; edits are lost.
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = STDOUT
# Every client and config object dumps all its settings at INFO: thousands of lines per start.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = warn
logger.clients.name = org.apache.kafka.clients
logger.clients.level = warn
logger.storage.name = org.apache.kafka.storage.internals.log
logger.storage.level = warn
EOF
  # Static voters rather than a formatted "--standalone" dynamic quorum: the controller's
  # endpoint then comes from this file on every start, so SLUICE_KAFKA_CONTROLLER_PORT can
  # change without reformatting the storage.
  cat >"$d/config/server.properties" <<EOF
# Written by deploy/local/servers.sh on every start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT,SASL_PLAINTEXT://$HOST:$KAFKA_SASL_PORT,SSL://$HOST:$KAFKA_SSL_PORT,SASL_SSL://$HOST:$KAFKA_SASL_SSL_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT,SASL_PLAINTEXT://$HOST:$KAFKA_SASL_PORT,SSL://$HOST:$KAFKA_SSL_PORT,SASL_SSL://$HOST:$KAFKA_SASL_SSL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL
# The secured listeners exist for tests of Sluice's security settings (see the header).
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_sluice="sluice-test-password";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_sluice="sluice-test-password";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$d/tls/broker.p12
ssl.keystore.password=sluice-test-tls
ssl.key.password=sluice-test-tls
log.dirs=$d/data
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  if [[ ! -f $d/data/meta.properties ]]; then
    local id
    # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, URL-safe base64, no padding,
    # never starting with '-' (the tools would read that as an option).
    id=-
    while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    say "  formatting Kafka storage (cluster id $id)"
    kafka_java kafka.tools.StorageTool format -t "$id" -c "$d/config/server.properties" \
      >>"$LOGS/kafka.log" 2>&1 || die "formatting the Kafka storage failed, see $LOGS/kafka.log"
  fi
  launch kafka java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$d/config/log4j2.properties" \
    -cp "$d/libs/*" kafka.Kafka "$d/config/server.properties"
}

# ---------------------------------------------------------------------------------------------
# Commands

select_servers() { # requested names (or none) -> SERVERS, in start order, dependencies added
  local want=" $* " s
  [[ -n ${*// /} ]] || want=" ${ALL_SERVERS[*]} "
  want=${want// cluster / ${CLUSTER_SERVERS[*]} }
  for s in $want; do
    [[ " ${KNOWN_SERVERS[*]} " == *" $s "* ]] || die "unknown server '$s' (known: ${ALL_SERVERS[*]}, cluster = ${CLUSTER_SERVERS[*]})"
  done
  [[ $want != *" clickhouse"* || ${CMD:-} != up ]] || want="$want zookeeper "
  SERVERS=()
  for s in "${KNOWN_SERVERS[@]}"; do [[ $want == *" $s "* ]] && SERVERS+=("$s"); done
  return 0
}

lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  if ! flock -n 9; then
    say "waiting for another servers.sh to finish (it holds $RUN/.lock)"
    flock -w 600 9 || die "$RUN/.lock still held after 600s; is another servers.sh stuck?"
  fi
}

reuse_notes() {
  case $1 in
    postgres)
      if command -v psql >/dev/null &&
        ! PGCONNECT_TIMEOUT=3 psql -w -X -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
        warn "note: the PostgreSQL on $HOST:$PG_PORT does not let user postgres into database postgres without a password; Sluice's tests expect that."
      fi ;;
    redis)
      if command -v redis-cli >/dev/null &&
        [[ $(redis-cli -h "$HOST" -p "$REDIS_PORT" config get appendonly 2>/dev/null | tail -n 1) == no ]]; then
        warn "note: the Redis on $HOST:$REDIS_PORT runs with appendonly=no: a Redis crash loses dedup state. For crash tests use SLUICE_REDIS_PORT=6380 (a Redis of ours, with AOF)."
      fi ;;
    zookeeper)
      [[ $(zk_4lw srvr) == *"Zookeeper version"* ]] ||
        warn "note: the ZooKeeper on $HOST:$ZK_PORT does not allow the 'srvr' four-letter command." ;;
  esac
}

cmd_up() {
  local s p pid t0=$SECONDS todo=() pkgs=()
  select_servers "$@"
  lock
  mkdir -p "$DATA" "$LOGS" "$RUN"
  # First pass decides everything before anything is installed or started, so a port conflict
  # fails fast instead of after minutes of apt-get.
  for s in "${SERVERS[@]}"; do
    if ready_of "$s"; then continue; fi
    if pid=$(managed_pid "$s"); then todo+=("$s"); continue; fi # ours, still starting
    for p in $(ports_of "$s"); do
      ! port_open "$p" || port_conflict "$s" "$p"
    done
    todo+=("$s")
    read -ra p <<<"$(missing_packages "$s")"
    pkgs+=("${p[@]}")
  done
  if ((${#pkgs[@]} > 0)); then
    mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
    apt_install "${pkgs[@]}"
  fi

  for s in "${SERVERS[@]}"; do
    local t1=$SECONDS
    if [[ " ${todo[*]} " == *" $s "* ]]; then
      if ! managed_pid "$s" >/dev/null; then
        rm -f "$(pidfile "$s")"
        say "$s: starting"
        start_of "$s"
      fi
      wait_ready "$s"
      say "$s: up on $HOST:$(ports_of "$s" | tr ' ' '/') after $((SECONDS - t1))s (managed, log $LOGS/$s.log)"
    elif managed_pid "$s" >/dev/null; then
      say "$s: already up on $HOST:$(ports_of "$s" | tr ' ' '/') (managed)"
    else
      say "$s: reusing the server already answering on $HOST:$(ports_of "$s" | cut -d' ' -f1) (not managed here)"
      reuse_notes "$s"
    fi
  done
  if [[ " ${SERVERS[*]} " == *" redis-1 "* ]]; then form_redis_cluster; fi
  say "all up in $((SECONDS - t0))s:"
  cmd_status "${SERVERS[@]}" || true
}

cmd_down() {
  local s pid i sig
  select_servers "$@"
  lock
  # Reverse order: ClickHouse before its ZooKeeper, so it does not log a storm of lost sessions.
  for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do
    s=${SERVERS[i]}
    if ! pid=$(managed_pid "$s"); then
      rm -f "$(pidfile "$s")"
      if ready_of "$s"; then say "$s: not started by this script, left running"; else say "$s: not running"; fi
      continue
    fi
    sig=$(stop_signal "$s")
    say "$s: stopping pid $pid"
    kill -"$sig" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.3; done
    if [[ -d /proc/$pid ]]; then
      warn "$s (pid $pid) ignored SIG$sig for 60s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
    fi
    rm -f "$(pidfile "$s")"
  done
}

cmd_kill() {
  local s pid
  (($# > 0)) || die "usage: $0 kill SERVER... (a crash: no shutdown; 'up' starts it again)"
  select_servers "$@"
  for s in "${SERVERS[@]}"; do
    # Only a process this script started: never something else that took the port.
    pid=$(managed_pid "$s") || die "$s is not running under this script (see '$0 status $s')"
    kill -KILL "$pid"
    while [[ -d /proc/$pid ]]; do sleep 0.1; done
    rm -f "$(pidfile "$s")"
    say "$s: killed pid $pid"
  done
}

cmd_status() {
  local s state who pid all_up=0
  select_servers "$@"
  for s in "${SERVERS[@]}"; do
    if ready_of "$s"; then state=UP; else state=DOWN; all_up=1; fi
    if pid=$(managed_pid "$s"); then
      who="managed (pid $pid)"
    elif [[ $state == UP ]]; then
      who="external (not started by servers.sh)"
    elif port_open "$(ports_of "$s" | cut -d' ' -f1)"; then
      who="port held by something else: $(who_listens "$(ports_of "$s" | cut -d' ' -f1)")"
    else
      who="-"
    fi
    printf '%-11s %-28s %-5s %s\n' "$s" "$HOST:$(ports_of "$s" | tr ' ' '/')" "$state" "$who"
  done
  return $all_up
}

cmd_logs() {
  local s=${1:-} follow=()
  [[ ${2:-} != -f && ${1:-} != -f ]] || follow=(-F)
  [[ $s != -f ]] || s=${2:-}
  if [[ -z $s ]]; then
    for s in "${ALL_SERVERS[@]}"; do
      [[ -f $LOGS/$s.log ]] && { say "==> $LOGS/$s.log"; tail -n 15 "$LOGS/$s.log"; }
    done
    return 0
  fi
  [[ -f $LOGS/$s.log ]] || die "no log for '$s' ($LOGS/$s.log); only servers started by this script have one"
  tail -n 100 "${follow[@]}" "$LOGS/$s.log"
}

CMD=${1:-}
shift || true
case $CMD in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status "$@" ;;
  logs) cmd_logs "$@" ;;
  kill) cmd_kill "$@" ;;
  browser)
    # Not a server: the headless Chromium and its driver that the ui's browser tests drive.
    # Debian's, because a test tool's own browser download has no internet to come from here.
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
      say "browser: chromium and chromedriver present ($(/usr/bin/chromium --version 2>/dev/null | head -n 1))"
    else
      mkdir -p "$LOGS"
      apt_install chromium chromium-driver
      [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
        die "chromium or chromedriver still missing after apt-get; see $LOGS/apt.log"
      say "browser: installed chromium and chromium-driver"
    fi ;;
  docker)
    # Not a server of Sluice's: the engine deploy/docker's compose stack and its test run on.
    # Debian's packages; no systemd here, so dockerd is started by hand when none answers.
    missing=()
    # The engine, not just a client: a machine may have a docker CLI without dockerd (then no
    # engine answers and there is nothing to start). docker.io brings both.
    if ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; then
      missing+=(docker.io)
    fi
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    if ((${#missing[@]} > 0)); then
      mkdir -p "$LOGS"
      apt_install "${missing[@]}"
    fi
    if docker info >/dev/null 2>&1; then
      say "docker: engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    else
      mkdir -p "$LOGS" "$RUN"
      # /run survives a machine's snapshot and restore here (it is no tmpfs), and so do the pid
      # files of a dockerd that died with the machine; the pid in them may now be any process,
      # and then dockerd refuses to start ("pid file found, ensure docker is not running").
      remove_stale_pid_file /var/run/docker.pid dockerd
      remove_stale_pid_file /var/run/docker/containerd/containerd.pid containerd
      as_root setsid nohup dockerd >>"$LOGS/dockerd.log" 2>&1 </dev/null &
      dockerd_pid=$!
      echo "$dockerd_pid" >"$RUN/dockerd.pid"
      for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        kill -0 "$dockerd_pid" 2>/dev/null || break # it gave up: say why now, not after a minute
        sleep 1
      done
      if ! docker info >/dev/null 2>&1; then
        tail -n 5 "$LOGS/dockerd.log" >&2
        die "dockerd did not answer within 60 s; the last lines of $LOGS/dockerd.log are above"
      fi
      say "docker: started dockerd (log $LOGS/dockerd.log)"
    fi ;;
  kafka-tool)
    (($# > 0)) || die "usage: $0 kafka-tool MAIN-CLASS [args...]"
    [[ -f $DATA/kafka/libs/.pom.sha256 ]] || die "no Kafka jars yet: run '$0 up kafka' first"
    # Tools log every client's life cycle at INFO on stdout, mixed into their real output.
    mkdir -p "$DATA/kafka/config"
    cat >"$DATA/kafka/config/tools-log4j2.properties" <<'EOF'
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = STDERR
EOF
    exec java -Xmx256m -Dlog4j2.configurationFile="$DATA/kafka/config/tools-log4j2.properties" \
      -cp "$DATA/kafka/libs/*" "$@" ;;
  *)
    sed -n '/^# Usage:/,/^# .up clickhouse/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2 ;;
esac
