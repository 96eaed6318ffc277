package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalEndpointsTests {

    @Test
    void defaultsToTheLoopbackServersTheLocalScriptStarts() {
        LocalEndpoints endpoints = LocalEndpoints.from(name -> null);

        assertThat(endpoints.address(RealServer.KAFKA)).hasToString("127.0.0.1:9092");
        assertThat(endpoints.address(RealServer.NATS)).hasToString("127.0.0.1:4222");
        assertThat(endpoints.address(RealServer.REDIS)).hasToString("127.0.0.1:6379");
        assertThat(endpoints.address(RealServer.POSTGRES)).hasToString("127.0.0.1:5432");
        assertThat(endpoints.address(RealServer.CLICKHOUSE)).hasToString("127.0.0.1:8123");
        assertThat(endpoints.postgresUser()).isEqualTo("postgres");
        assertThat(endpoints.address(RealServer.REDIS_CLUSTER)).hasToString("127.0.0.1:7001");
    }

    @Test
    void environmentVariablesOverrideEachEndpoint() {
        Map<String, String> env = Map.of(
                "SLUICE_KAFKA_BOOTSTRAP_SERVERS", "kafka-a:19092, kafka-b:19092",
                "SLUICE_NATS_URL", "nats://nats.internal:14222",
                "SLUICE_REDIS_URI", "redis://cache:16379/2",
                "SLUICE_POSTGRES_URL", "jdbc:postgresql://db:15432/sluice",
                "SLUICE_CLICKHOUSE_URL", "http://ch:18123",
                "SLUICE_REDIS_CLUSTER_URI", "redis://node-a:17001,redis://node-b:17002");

        LocalEndpoints endpoints = LocalEndpoints.from(env::get);

        assertThat(endpoints.address(RealServer.KAFKA)).hasToString("kafka-a:19092");
        assertThat(endpoints.address(RealServer.NATS)).hasToString("nats.internal:14222");
        assertThat(endpoints.address(RealServer.REDIS)).hasToString("cache:16379");
        assertThat(endpoints.address(RealServer.POSTGRES)).hasToString("db:15432");
        assertThat(endpoints.address(RealServer.CLICKHOUSE)).hasToString("ch:18123");
        assertThat(endpoints.address(RealServer.REDIS_CLUSTER)).hasToString("node-a:17001");
    }

    @Test
    void blankVariableFallsBackToTheDefault() {
        LocalEndpoints endpoints = LocalEndpoints.from(Map.of("SLUICE_NATS_URL", "  ")::get);

        assertThat(endpoints.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
    }
}
