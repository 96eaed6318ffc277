package io.sluice.worker.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.nats.NatsReplicas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ReplicasRefusedFailureAnalyzerTests {

    @Test
    void aWorkerThatCannotReplicateItsBucketsFailsToStartNamingTheSettingToChange() {
        var refusal = new NatsReplicas(3).refused("KV bucket", "sluice-dedup-lanes", null);
        FailureAnalysis analysis = new ReplicasRefusedFailureAnalyzer()
                .analyze(new BeanCreationException("dedupWorkFactory", "Failed to instantiate", refusal));

        assertThat(analysis.getDescription()).isEqualTo(
                "NATS refused 3 replicas for KV bucket sluice-dedup-lanes: a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(analysis.getAction()).startsWith("Set SLUICE_NATS_REPLICAS (sluice.nats.replicas) to 1 on a single NATS server");
    }

    @Test
    void isRegisteredWithSpringBoot() {
        // Analyzers of modules this one does not have (autoconfigure's) cannot be built here: skip them.
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, (type, name, failure) -> { }))
                .hasAtLeastOneElementOfType(ReplicasRefusedFailureAnalyzer.class);
    }
}
