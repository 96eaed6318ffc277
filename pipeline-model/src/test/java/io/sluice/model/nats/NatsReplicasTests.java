package io.sluice.model.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NatsReplicasTests {

    @Test
    void acceptsOneToFiveReplicasAsJetStreamDoes() {
        assertThat(new NatsReplicas(1).count()).isEqualTo(1);
        assertThat(new NatsReplicas(5).count()).isEqualTo(5);
        assertThatThrownBy(() -> new NatsReplicas(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sluice.nats.replicas must be between 1 and 5 (JetStream's limit), not 0");
        assertThatThrownBy(() -> new NatsReplicas(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 6");
    }

    @Test
    void oneReplicaIsHeldByASingleServer() {
        assertThatCode(() -> NatsReplicas.ONE.requireHeldBy(false, "stream", "SLUICE_ORDERS")).doesNotThrowAnyException();
    }

    @Test
    void threeReplicasOfAnExistingStreamOnASingleServerAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new NatsReplicas(3).requireHeldBy(false, "stream", "SLUICE_ORDERS"))
                .isInstanceOf(NatsReplicas.ReplicasRefusedException.class)
                .hasMessage("NATS refused 3 replicas for stream SLUICE_ORDERS: a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
    }

    @Test
    void threeReplicasOnAClusterAreLeftToTheClusterToPlace() {
        assertThatCode(() -> new NatsReplicas(3).requireHeldBy(true, "KV bucket", "sluice-status")).doesNotThrowAnyException();
    }

    @Test
    void theRefusalOfABucketNamesTheBucketAndKeepsTheServersAnswer() {
        IllegalStateException answer = new IllegalStateException("replicas > 1 not supported in non-clustered mode");
        var refusal = new NatsReplicas(2).refused("KV bucket", "sluice-dedup-lanes", answer);
        assertThat(refusal).hasMessage(
                "NATS refused 2 replicas for KV bucket sluice-dedup-lanes: a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(refusal.getCause()).isSameAs(answer);
    }
}
