package io.sluice.testsupport;

/** The real servers Sluice's integration tests run against; never mocks. */
public enum RealServer {
    KAFKA("Kafka"),
    NATS("NATS JetStream"),
    REDIS("Redis"),
    POSTGRES("PostgreSQL"),
    CLICKHOUSE("ClickHouse"),
    /** Three JetStream servers in one cluster: {@code deploy/local/servers.sh up cluster}. */
    NATS_CLUSTER("NATS JetStream cluster"),
    /** Two ClickHouse replicas of one shard on one ZooKeeper: {@code deploy/local/servers.sh up cluster}. */
    CLICKHOUSE_REPLICAS("ClickHouse replicas"),
    /** Six Redis servers in one Redis Cluster, 3 masters with a replica each: {@code deploy/local/servers.sh up cluster}. */
    REDIS_CLUSTER("Redis Cluster");

    private final String displayName;

    RealServer(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Started by {@code deploy/local/servers.sh up cluster}, not by plain {@code up}. */
    boolean inClusterTopology() {
        return this == NATS_CLUSTER || this == CLICKHOUSE_REPLICAS || this == REDIS_CLUSTER;
    }
}
