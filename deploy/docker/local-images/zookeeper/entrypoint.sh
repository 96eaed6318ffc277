#!/bin/bash
# A single ZooKeeper from Debian's jars with its own config (Debian's zkServer.sh reads
# /etc/zookeeper/conf). Debian's zookeeper.jar has slf4j-api but no binding: slf4j-simple logs.
set -euo pipefail
cat >/conf/zoo.cfg <<CFG
tickTime=${ZOO_TICK_TIME:-2000}
initLimit=${ZOO_INIT_LIMIT:-10}
syncLimit=${ZOO_SYNC_LIMIT:-5}
dataDir=/data
clientPort=2181
maxClientCnxns=${ZOO_MAX_CLIENT_CNXNS:-0}
admin.enableServer=${ZOO_ADMINSERVER_ENABLED:-false}
4lw.commands.whitelist=${ZOO_4LW_COMMANDS_WHITELIST:-srvr}
autopurge.snapRetainCount=${ZOO_AUTOPURGE_SNAPRETAINCOUNT:-3}
autopurge.purgeInterval=${ZOO_AUTOPURGE_PURGEINTERVAL:-1}
CFG
exec java ${JVMFLAGS:--Xmx256m} -Dzookeeper.jmx.log4j.disable=true \
  -cp "/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar" \
  org.apache.zookeeper.server.quorum.QuorumPeerMain /conf/zoo.cfg
