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
    /** Six Redis servers in one Redis Cluster, 3 masters with a replica each: {@code deploy/local/servers.sh up cluster}. */
    REDIS_CLUSTER("Redis Cluster");

    private final String displayName;

    RealServer(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
