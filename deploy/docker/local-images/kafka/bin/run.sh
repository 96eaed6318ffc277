#!/bin/bash
# KAFKA_* variables to server.properties the way apache/kafka's image maps them: the prefix goes,
# "___" is "-", "__" is "_", "_" is ".", all lower case (KAFKA_NODE_ID -> node.id).
set -euo pipefail
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  [[ $name == KAFKA_* && $name != KAFKA_HEAP_OPTS && $name != KAFKA_OPTS ]] || continue
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "$key" "$value" >>"$props"
done < <(env)
grep -q '^log.dirs=' "$props" || echo "log.dirs=/var/lib/kafka/data" >>"$props"
dir=$(sed -n 's/^log.dirs=//p' "$props" | cut -d, -f1)
cp=/opt/kafka/libs/*
log="-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties"
if [[ ! -f $dir/meta.properties ]]; then
  java -Xmx256m "$log" -cp "$cp" kafka.tools.StorageTool format -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$props"
fi
# shellcheck disable=SC2086 # option lists
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true "$log" ${KAFKA_OPTS:-} \
  -cp "$cp" kafka.Kafka "$props"
