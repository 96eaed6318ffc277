package io.sluice.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
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

/** The replay ledger bucket gets {@code sluice.nats.replicas} copies, against the machine's single NATS server. */
@RealServers(RealServer.NATS)
class KvReplayLedgerReplicasIntegrationTests {

    // Each test its own bucket: one must find none, the other one of its own making.
    static final TestNamespace EXISTING = TestNamespace.forClass(KvReplayLedgerReplicasIntegrationTests.class);

    static final TestNamespace FRESH = TestNamespace.forClass(KvReplayLedgerReplicasIntegrationTests.class);

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
    void theLedgerHasOneReplicaByDefaultAndIsNotRaisedToThreeOnASingleServer() throws Exception {
        NatsNames names = NatsNames.withPrefix(EXISTING.natsPrefix());
        ledger(names, NatsReplicas.ONE).add("orders", "replay:1");
        KeyValueManagement kvm = nats.keyValueManagement();
        assertThat(kvm.getStatus(names.replayLedgerBucket()).getReplicas()).isEqualTo(1);

        assertThatThrownBy(() -> ledger(names, new NatsReplicas(3)).ensure())
                .hasMessage("NATS refused 3 replicas for KV bucket " + names.replayLedgerBucket()
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(kvm.getStatus(names.replayLedgerBucket()).getReplicas()).isEqualTo(1);
        assertThat(ledger(names, NatsReplicas.ONE).contains("orders", "replay:1")).isTrue();
    }

    @Test
    void threeReplicasOnASingleServerAreRefusedNamingTheSetting() throws Exception {
        NatsNames names = NatsNames.withPrefix(FRESH.natsPrefix());

        assertThatThrownBy(() -> ledger(names, new NatsReplicas(3)).ensure())
                .hasMessage("NATS refused 3 replicas for KV bucket " + names.replayLedgerBucket()
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThatThrownBy(() -> nats.keyValueManagement().getStatus(names.replayLedgerBucket()))
                .isInstanceOf(JetStreamApiException.class);
    }

    private KvReplayLedger ledger(NatsNames names, NatsReplicas replicas) {
        return new KvReplayLedger(nats, names, Duration.ofHours(1), 1024 * 1024, replicas);
    }
}
