#!/usr/bin/env bash
# Proves a running compose stack end to end, as a user would: a ReplicatedMergeTree table in the
# stack's ClickHouse, a dedup pipeline created and started through the published REST API, events
# with duplicates and malformed ones produced into the stack's Kafka, and then ClickHouse must
# hold exactly the first event of every key, once, and ingest must count the malformed ones as
# dead letters. Every run uses its own topic, table and pipeline.
#
#   deploy/docker/smoke.sh [unique-events] [duplicates] [malformed]     (default 10000 2000 20)
#
# Environment: SLUICE_BOOTSTRAP_TOKEN (the stack's), SLUICE_API_HOST_PORT (18081),
# SLUICE_CLICKHOUSE_HOST_PORT (18123), COMPOSE (default: docker-compose -p sluice -f <this dir>/docker-compose.yml).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
UNIQUE=${1:-10000}
DUPLICATES=${2:-2000}
MALFORMED=${3:-20}
((DUPLICATES <= UNIQUE)) || { echo "duplicates must not exceed unique events" >&2; exit 2; }
: "${SLUICE_BOOTSTRAP_TOKEN:?set SLUICE_BOOTSTRAP_TOKEN , the bootstrap token the stack was started with}"
read -ra COMPOSE <<<"${COMPOSE:-docker-compose -p sluice -f $HERE/docker-compose.yml}"
API=http://127.0.0.1:${SLUICE_API_HOST_PORT:-18081}/api/v1
CH=http://127.0.0.1:${SLUICE_CLICKHOUSE_HOST_PORT:-18123}/
AUTH="Authorization: Bearer $SLUICE_BOOTSTRAP_TOKEN"
RUN=smoke$(date +%s)

ch() { curl -fsS "$CH" --data-binary "$1"; }
api() { curl -fsS -H "$AUTH" -H 'Content-Type: application/json' "$@"; }

ch "CREATE DATABASE IF NOT EXISTS smoke"
ch "CREATE TABLE smoke.$RUN (order_id String, customer_id UInt64, amount Float64, status String, created_at DateTime)
    ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/smoke/$RUN', '{replica}') ORDER BY order_id"
"${COMPOSE[@]}" exec -T kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server kafka:9092 --create --topic "$RUN" --partitions 3 >/dev/null

# The example pipeline, pointed at the stack's servers by their compose names.
sed -e "s/\"id\": \"orders-dedup\"/\"id\": \"$RUN\"/" -e "s/\"topic\": \"orders\"/\"topic\": \"$RUN\"/" \
    -e 's/"database": "default"/"database": "smoke"/' -e "s/\"table\": \"orders\"/\"table\": \"$RUN\"/" \
    -e 's/localhost:9092/kafka:9092/' -e 's#http://localhost:8123#http://clickhouse:8123#' \
    "$HERE/../examples/orders-dedup.json" | api --data @- "$API/pipelines" >/dev/null
api -X POST "$API/pipelines/$RUN/start" >/dev/null

# Keyed by order id, so a duplicate lands on its first event's partition, behind it. A first
# event has amount (i % 1000) + 1; a duplicate, another payload (amount 9999) that must never land.
t0=$SECONDS
awk -v u="$UNIQUE" -v d="$DUPLICATES" -v m="$MALFORMED" 'BEGIN {
  for (i = 0; i < u; i++)
    printf "o-%d|{\"order_id\":\"o-%d\",\"customer\":{\"id\":%d},\"amount\":%d,\"status\":\"paid\",\"created_at\":\"2026-12-04T12:00:00Z\"}\n", i, i, i % 97, i % 1000 + 1
  for (i = 0; i < d; i++)
    printf "o-%d|{\"order_id\":\"o-%d\",\"customer\":{\"id\":1},\"amount\":9999,\"status\":\"paid\",\"created_at\":\"2026-12-04T13:00:00Z\"}\n", i * int(u / d), i * int(u / d)
  for (i = 0; i < m; i++) printf "bad-%d|{not json\n", i
}' | "${COMPOSE[@]}" exec -T kafka /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server kafka:9092 --topic "$RUN" \
    --property parse.key=true --property 'key.separator=|' 2>&1 | { grep -v 'is deprecated' || true; }
echo "produced $((UNIQUE + DUPLICATES + MALFORMED)) events ($UNIQUE keys, $DUPLICATES duplicates, $MALFORMED malformed) in $((SECONDS - t0))s"

t0=$SECONDS
until [[ $(ch "SELECT count() FROM smoke.$RUN") -ge $UNIQUE ]]; do
  ((SECONDS - t0 < 180)) || { echo "FAIL: $(ch "SELECT count() FROM smoke.$RUN") of $UNIQUE rows after 180 s" >&2; exit 1; }
  sleep 1
done
echo "$UNIQUE rows in ClickHouse $((SECONDS - t0))s after the last event was produced"
sleep 10 # a late duplicate would land within a few sink batches
expected="$UNIQUE	$UNIQUE	0	$(awk -v u="$UNIQUE" 'BEGIN { for (i = 0; i < u; i++) s += i % 1000 + 1; print s }')"
actual=$(ch "SELECT count(), uniqExact(order_id), countIf(amount = 9999), toUInt64(sum(amount)) FROM smoke.$RUN")
status=$(api "$API/pipelines/$RUN/status")
dead=$(printf '%s' "$status" | grep -o '"component":"ingest"[^]]*' | grep -o '"deadLetters":[0-9]*' | head -n 1 | cut -d: -f2)
echo "ClickHouse (rows, keys, duplicate payloads, sum of amounts): $actual; ingest dead letters: ${dead:-?}"
if [[ $actual == "$expected" && ${dead:-} == "$MALFORMED" ]]; then
  echo "PASS: exactly the first event of every key, once; the $MALFORMED malformed ones dead-lettered (pipeline $RUN)"
else
  echo "FAIL: expected $expected and $MALFORMED dead letters" >&2
  exit 1
fi
