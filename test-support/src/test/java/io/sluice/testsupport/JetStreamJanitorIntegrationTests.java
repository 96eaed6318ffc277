package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

@RealServers(RealServer.NATS)
class JetStreamJanitorIntegrationTests {

    private final LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();

    @Test
    void removesEveryStreamAndBucketOfANamespaceAndNothingElse(TestNamespace namespace) throws Exception {
        TestNamespace other = TestNamespace.forClass(JetStreamJanitorIntegrationTests.class);
        String stream = namespace.id().toUpperCase() + "_SLUICE_ORDERS";
        String bucket = "KV_" + namespace.id() + "-sluice-status";
        String otherStream = other.id().toUpperCase() + "_SLUICE_ORDERS";
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String name : List.of(stream, bucket, otherStream)) {
                jsm.addStream(StreamConfiguration.builder().name(name).subjects(name.toLowerCase().replace('-', '_') + ".>")
                        .storageType(StorageType.File).maxBytes(1024 * 1024).build());
            }

            int removed = JetStreamJanitor.removeNamespaces(endpoints.natsUrl(), List.of(namespace));

            // At least these two: the class's other test may have left one of this namespace too.
            assertThat(removed).isGreaterThanOrEqualTo(2);
            assertThat(jsm.getStreamNames()).doesNotContain(stream, bucket).contains(otherStream);
            JetStreamJanitor.removeNamespaces(endpoints.natsUrl(), List.of(other));
            assertThat(jsm.getStreamNames()).doesNotContain(otherStream);
        }
    }

    @Test
    void leavesYoungTestStreamsAloneWhenRemovingStaleOnes(TestNamespace namespace) throws Exception {
        String stream = namespace.id().toUpperCase() + "_SLUICE_YOUNG";
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(namespace.id() + ".young.>")
                    .storageType(StorageType.File).maxBytes(1024 * 1024).build());

            JetStreamJanitor.removeStale(endpoints.natsUrl(), Duration.ofHours(1));

            assertThat(jsm.getStreamNames()).contains(stream);
        }
    }

    @Test
    void recognisesTestNamesOnly() {
        assertThat(JetStreamJanitor.isTestStream("T_PIPELINEENDTOENDINTE_ABC123_SLUICE_ORDERS")).isTrue();
        assertThat(JetStreamJanitor.isTestStream("KV_t_apitokenintegration_x1y2z3-sluice-definitions")).isTrue();
        assertThat(JetStreamJanitor.isTestStream("SLUICE_ORDERS")).isFalse();
        assertThat(JetStreamJanitor.isTestStream("KV_sluice-status")).isFalse();
        assertThat(JetStreamJanitor.belongsTo("T_A_B1_SLUICE_X", new TestNamespace("t_a_b1"))).isTrue();
        assertThat(JetStreamJanitor.belongsTo("T_A_B12_SLUICE_X", new TestNamespace("t_a_b1"))).isFalse();
    }
}
