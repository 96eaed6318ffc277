package io.sluice.api.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.sluice.api.distribution.NatsPipelineDistributor.Outcome;
import io.sluice.api.distribution.NatsPipelineDistributor.RepublishReport;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.retry.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The distributor's bookkeeping, on a store that can be made unreachable. */
class NatsPipelineDistributorTests {

    private final InMemoryControlStore store = new InMemoryControlStore();

    private final NatsPipelineDistributor distributor = new NatsPipelineDistributor(store,
            Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), Math::random));

    @AfterEach
    void stop() {
        distributor.destroy();
    }

    @Test
    void publishWritesTheDefinitionWithItsStateAndRevision() {
        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 3);

        PipelineControl written = store.value("orders");
        assertThat(written.definition()).isEqualTo(TestPipelines.definition("orders"));
        assertThat(written.desiredState()).isEqualTo(DesiredState.RUNNING);
        assertThat(written.revision()).isEqualTo(3);
        assertThat(distributor.isPending("orders")).isFalse();
    }

    @Test
    void publishWhileNatsIsDownNeitherFailsNorLosesTheChange() {
        store.reachable(false);

        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 1);

        assertThat(distributor.isPending("orders")).isTrue();
        assertThat(distributor.pendingPipelineIds()).containsExactly("orders");
        store.reachable(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.value("orders") != null);
        assertThat(distributor.isPending("orders")).isFalse();
    }

    @Test
    void retryWritesOnlyTheLatestChangeOfAPipeline() {
        store.reachable(false);
        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 1);
        distributor.publish(TestPipelines.definition("orders"), DesiredState.PAUSED, 2);

        store.reachable(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> !distributor.isPending("orders"));
        assertThat(store.value("orders").desiredState()).isEqualTo(DesiredState.PAUSED);
        assertThat(store.writes()).isEqualTo(1);
    }

    @Test
    void removalWhileNatsIsDownIsRetriedToo() {
        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 1);
        store.reachable(false);

        distributor.remove("orders");

        assertThat(distributor.isPending("orders")).isTrue();
        store.reachable(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.value("orders") == null);
    }

    @Test
    void republishWritesWhatIsMissingAndSkipsWhatIsAlreadyThere() {
        distributor.publish(TestPipelines.definition("kept"), DesiredState.RUNNING, 4);
        int writesBefore = store.writes();

        RepublishReport report = distributor.republish(() -> List.of(
                new DistributablePipeline(TestPipelines.definition("kept"), DesiredState.RUNNING, 4),
                new DistributablePipeline(TestPipelines.definition("lost"), DesiredState.PAUSED, 2)));

        assertThat(report.of(Outcome.UNCHANGED)).isEqualTo(1);
        assertThat(report.of(Outcome.WRITTEN)).isEqualTo(1);
        assertThat(store.writes()).isEqualTo(writesBefore + 1);
        assertThat(store.value("lost").desiredState()).isEqualTo(DesiredState.PAUSED);
    }

    @Test
    void republishDeletesValuesOfPipelinesPostgresNoLongerHas() {
        store.putByOther(new PipelineControl(TestPipelines.definition("gone"), DesiredState.RUNNING, 1, Instant.now()));

        RepublishReport report = distributor.republish(List::of);

        assertThat(report.of(Outcome.REMOVED)).isEqualTo(1);
        assertThat(store.value("gone")).isNull();
    }

    @Test
    void republishNeverOverwritesAChangeMadeAfterItReadPostgres() {
        RepublishReport report = distributor.republish(() -> {
            // A REST call changes the pipeline after the republish read PostgreSQL's older state.
            distributor.publish(TestPipelines.definition("orders"), DesiredState.STOPPED, 8);
            return List.of(new DistributablePipeline(TestPipelines.definition("orders"), DesiredState.RUNNING, 7));
        });

        assertThat(report.of(Outcome.SUPERSEDED)).isEqualTo(1);
        assertThat(store.value("orders").desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void republishNeverOverwritesAValueAnotherReplicaWroteMeanwhile() {
        RepublishReport report = distributor.republish(() -> {
            store.putByOther(new PipelineControl(TestPipelines.definition("orders"), DesiredState.STOPPED, 8,
                    Instant.now()));
            return List.of(new DistributablePipeline(TestPipelines.definition("orders"), DesiredState.RUNNING, 7));
        });

        assertThat(report.of(Outcome.SUPERSEDED)).isEqualTo(1);
        assertThat(store.value("orders").desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void republishNeverRevivesAPipelineRemovedAfterItReadPostgres() {
        RepublishReport report = distributor.republish(() -> {
            distributor.remove("orders");
            return List.of(new DistributablePipeline(TestPipelines.definition("orders"), DesiredState.RUNNING, 7));
        });

        assertThat(report.of(Outcome.SUPERSEDED)).isEqualTo(1);
        assertThat(store.value("orders")).isNull();
    }

    @Test
    void republishWhileNatsIsDownLeavesEverythingPendingForTheRetry() {
        store.reachable(false);

        RepublishReport report = distributor.republish(() -> List.of(
                new DistributablePipeline(TestPipelines.definition("a"), DesiredState.RUNNING, 1),
                new DistributablePipeline(TestPipelines.definition("b"), DesiredState.RUNNING, 1)));

        assertThat(report.of(Outcome.PENDING)).isEqualTo(2);
        assertThat(distributor.pendingPipelineIds()).containsExactlyInAnyOrder("a", "b");
        store.reachable(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> distributor.pendingPipelineIds().isEmpty());
        assertThat(store.value("a")).isNotNull();
        assertThat(store.value("b")).isNotNull();
    }
}
