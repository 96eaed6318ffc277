package io.sluice.api.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/**
 * The definitions and status buckets get {@code sluice.nats.replicas} copies: one by default, and
 * a refusal naming the setting when the machine's single NATS server is asked for three.
 */
@RealServers(RealServer.NATS)
class ControlBucketsReplicasIntegrationTests {

    // Each test its own buckets: one test must find none, another one of its own making.
    static final TestNamespace EXISTING = TestNamespace.forClass(ControlBucketsReplicasIntegrationTests.class);

    static final TestNamespace FRESH = TestNamespace.forClass(ControlBucketsReplicasIntegrationTests.class);

    private Connection connection;

    @BeforeEach
    void connect(LocalEndpoints endpoints) throws Exception {
        connection = Nats.connect(endpoints.natsUrl());
    }

    @AfterEach
    void close() throws InterruptedException {
        connection.close();
    }

    @Test
    void bothBucketsHaveOneReplicaByDefaultAndAreNotRaisedToThreeOnASingleServer() throws Exception {
        NatsNames names = NatsNames.withPrefix(EXISTING.natsPrefix());
        new ControlBuckets(connection, names, NatsReplicas.ONE, event -> { }).definitions();
        KeyValueManagement kvm = connection.keyValueManagement();
        assertThat(kvm.getStatus(names.definitionsBucket()).getReplicas()).isEqualTo(1);
        assertThat(kvm.getStatus(names.statusBucket()).getReplicas()).isEqualTo(1);

        ControlBuckets three = new ControlBuckets(connection, names, new NatsReplicas(3), event -> { });
        assertThatThrownBy(three::definitions).isInstanceOf(ControlBucketUnavailableException.class)
                .hasMessage("Could not create or update the KV buckets: NATS refused 3 replicas for KV bucket "
                        + names.definitionsBucket() + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(kvm.getStatus(names.definitionsBucket()).getReplicas()).isEqualTo(1);
    }

    @Test
    void threeReplicasOnASingleServerAreRefusedNamingTheSettingAndNoBucketIsCreated() throws Exception {
        NatsNames names = NatsNames.withPrefix(FRESH.natsPrefix());
        ControlBuckets three = new ControlBuckets(connection, names, new NatsReplicas(3), event -> { });

        assertThatThrownBy(three::definitions).isInstanceOf(ControlBucketUnavailableException.class)
                .hasMessage("Could not create or update the KV buckets: NATS refused 3 replicas for KV bucket "
                        + names.definitionsBucket() + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(three.available()).isFalse();
        assertThatThrownBy(() -> connection.keyValueManagement().getStatus(names.definitionsBucket()))
                .isInstanceOf(JetStreamApiException.class);
    }
}
