package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;

import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;

/**
 * A sink replica keeps a ClickHouse client per pipeline (per replica URL), and each keeps its
 * connection between inserts: what one keeps decides how many pipelines a worker's heap holds.
 */
@RealServers(RealServer.CLICKHOUSE)
class ClickHouseClientFootprintIntegrationTests {

    private static final int CLIENTS = 40;

    @Test
    void aClientThatHasTalkedToClickHouseKeepsLittleHeapSoHundredsOfPipelinesFitInASinkReplica() {
        ClickHouseEndpoint endpoint = new ClickHouseEndpoint(LocalEndpoints.fromEnvironment().clickHouseUrl(), "default", "",
                ClickHouseEndpoint.DEFAULT_CONNECT_TIMEOUT, ClickHouseEndpoint.DEFAULT_SOCKET_TIMEOUT,
                ClickHouseEndpoint.DEFAULT_INSERT_TIMEOUT);
        List<Client> clients = new ArrayList<>();
        long before = heapUsedAfterCollection();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = endpoint.open();
            assertThat(TabSeparatedQuery.run(client, "SELECT 1", Duration.ofSeconds(30))).containsExactly(List.of("1"));
            clients.add(client);
        }
        long perClient = (heapUsedAfterCollection() - before) / CLIENTS;
        clients.forEach(Client::close);

        // Until 2026-12-07 each kept its pooled connection's two buffers of client-v2's default
        // 300,000 bytes and more: a sink replica with 256 MB of heap ran out of it at about 240
        // pipelines (ManyPipelinesEndToEndIntegrationTests with 400).
        assertThat(perClient).as("heap kept per client, bytes").isLessThan(256 * 1024);
    }

    private static long heapUsedAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
