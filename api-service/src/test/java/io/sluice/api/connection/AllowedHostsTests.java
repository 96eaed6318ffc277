package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AllowedHostsTests {

    @Test
    void nothingIsAllowedByDefault() {
        assertThat(new AllowedHosts(List.of()).whyNot("clickhouse", 8123)).hasValueSatisfying(
                (why) -> assertThat(why).isEqualTo("only admin tokens may connect to clickhouse:8123; other tokens only to"
                        + " the hosts of sluice.connections.allowed-hosts"));
    }

    @Test
    void aHostAloneAllowsEveryPortOfItAndNoOtherHost() {
        AllowedHosts allowed = new AllowedHosts(List.of(" ClickHouse ", "kafka-1"));

        assertThat(allowed.whyNot("clickhouse", 8123)).isEmpty();
        assertThat(allowed.whyNot("CLICKHOUSE", 9000)).isEmpty();
        assertThat(allowed.whyNot("kafka-1", 9092)).isEmpty();
        assertThat(allowed.whyNot("clickhouse.evil", 8123)).isPresent();
        assertThat(allowed.whyNot("kafka-2", 9092)).isPresent();
    }

    @Test
    void aHostWithAPortAllowsThatPortOnly() {
        AllowedHosts allowed = new AllowedHosts(List.of("127.0.0.1:9092", "[::1]:8123", "fe80::1"));

        assertThat(allowed.whyNot("127.0.0.1", 9092)).isEmpty();
        assertThat(allowed.whyNot("127.0.0.1", 22)).isPresent();
        assertThat(allowed.whyNot("[::1]", 8123)).isEmpty();
        assertThat(allowed.whyNot("::1", 8124)).isPresent();
        assertThat(allowed.whyNot("[fe80::1]", 443)).isEmpty();
    }
}
