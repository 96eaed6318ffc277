package io.sluice.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a latest source started, in the real KV bucket, with {@code sluice.nats.replicas} copies like every other bucket. */
@RealServers(RealServer.NATS)
class KvStartPositionsIntegrationTests {

    // Each test its own bucket: one must find none, the other one of its own making.
    static final TestNamespace RECORDED = TestNamespace.forClass(KvStartPositionsIntegrationTests.class);

    static final TestNamespace REFUSED = TestNamespace.forClass(KvStartPositionsIntegrationTests.class);

    private Connection nats;

    @BeforeEach
    void connect(LocalEndpoints endpoints) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
    }

    @AfterEach
    void close() throws InterruptedException {
        nats.close();
    }

    @Test
    void remembersWhereEachPartitionStartedPerTopic() throws Exception {
        NatsNames names = NatsNames.withPrefix(RECORDED.natsPrefix());
        KvStartPositions starts = new KvStartPositions(nats, names, NatsReplicas.ONE);

        starts.record("orders-dedup", "orders", "orders.v1", 2, 1_500);

        assertThat(starts.startOf("orders-dedup", "orders", "orders.v1", 2)).isEqualTo(OptionalLong.of(1_500));
        assertThat(starts.startOf("orders-dedup", "orders", "orders.v1", 0)).isEmpty();
        assertThat(starts.startedBefore("orders-dedup", "orders", "orders.v1")).isTrue();
        assertThat(starts.startedBefore("orders-dedup", "orders", "orders.v2")).isFalse();
        assertThat(nats.keyValueManagement().getStatus(names.ingestStartsBucket()).getReplicas()).isEqualTo(1);
    }

    @Test
    void threeReplicasOnASingleServerAreRefusedNamingTheSetting() throws Exception {
        NatsNames names = NatsNames.withPrefix(REFUSED.natsPrefix());
        KvStartPositions starts = new KvStartPositions(nats, names, new NatsReplicas(3));

        assertThatThrownBy(() -> starts.record("orders-dedup", "orders", "orders", 0, 0))
                .hasMessage("NATS refused 3 replicas for KV bucket " + names.ingestStartsBucket()
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThatThrownBy(() -> nats.keyValueManagement().getStatus(names.ingestStartsBucket()))
                .isInstanceOf(JetStreamApiException.class);
    }
}
