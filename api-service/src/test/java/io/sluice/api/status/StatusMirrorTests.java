package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import org.junit.jupiter.api.Test;

class StatusMirrorTests {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final StatusMirror mirror = new StatusMirror(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsNothingUntilTheWatchDeliveredTheBucket() {
        mirror.written("orders.ingest.i-1", report("orders"), NOW);

        assertThat(mirror.reports("")).isNull();
        mirror.endOfData();
        assertThat(mirror.reports("")).extracting(WorkerStatus::pipelineId).containsExactly("orders");
    }

    @Test
    void leavesOutAReportWhoseKeyAgedOutOfTheBucket() {
        mirror.endOfData();
        mirror.written("old.ingest.i-1", report("old"), NOW.minusSeconds(61));
        mirror.written("fresh.ingest.i-1", report("fresh"), NOW.minusSeconds(59));

        assertThat(mirror.reports("")).extracting(WorkerStatus::pipelineId).containsExactly("fresh");
    }

    @Test
    void readsOnePipelinesReportsByTheirKeyPrefixAndForgetsDeletedOnes() {
        mirror.endOfData();
        mirror.written("orders.ingest.i-1", report("orders"), NOW);
        mirror.written("orders.sink.s-1", report("orders"), NOW);
        mirror.written("orders-eu.ingest.i-1", report("orders-eu"), NOW);
        mirror.removed("orders.sink.s-1");

        assertThat(mirror.reports("orders.")).hasSize(1);
        assertThat(mirror.reports("")).hasSize(2);
    }

    @Test
    void skipsAValueThisVersionCannotReadAndForgetsWhatTheKeyHeldBefore() {
        mirror.endOfData();
        mirror.written("orders.ingest.i-1", report("orders"), NOW);
        mirror.written("orders.ingest.i-1", "not json".getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(mirror.reports("")).isEmpty();
    }

    @Test
    void keepsAReportWrittenMinutesAgoCurrentWhileItsReplicasHeartbeatVouchesForIt() {
        mirror.endOfData();
        Instant written = NOW.minus(Duration.ofMinutes(4));
        mirror.written("orders.ingest.i-1", report("orders", written), written);
        mirror.written("_replicas.ingest.i-1", ControlJson.write(new ReplicaHeartbeat(Component.INGEST, "i-1",
                NOW.minusSeconds(2), NOW.minus(Duration.ofHours(1)))), NOW.minusSeconds(2));

        assertThat(mirror.reports("")).extracting(WorkerStatus::heartbeatAt).containsExactly(NOW.minusSeconds(2));
        assertThat(mirror.reports("orders.")).hasSize(1);
    }

    @Test
    void forgetsAReportAMinuteAfterItsReplicasHeartbeatStopped() {
        mirror.endOfData();
        Instant written = NOW.minus(Duration.ofMinutes(4));
        mirror.written("orders.ingest.i-1", report("orders", written), written);
        mirror.written("_replicas.ingest.i-1", ControlJson.write(new ReplicaHeartbeat(Component.INGEST, "i-1",
                NOW.minusSeconds(61), NOW.minus(Duration.ofHours(1)))), NOW.minusSeconds(61));

        assertThat(mirror.reports("")).isEmpty();
    }

    @Test
    void aHeartbeatOfAReplicaThatRestartedVouchesNotForTheReportsOfItsFormerProcess() {
        mirror.endOfData();
        Instant written = NOW.minus(Duration.ofMinutes(4));
        mirror.written("deleted.ingest.i-1", report("deleted", written), written);
        mirror.written("_replicas.ingest.i-1", ControlJson.write(new ReplicaHeartbeat(Component.INGEST, "i-1",
                NOW.minusSeconds(2), NOW.minus(Duration.ofMinutes(3)))), NOW.minusSeconds(2));

        assertThat(mirror.reports("")).isEmpty();
    }

    private static byte[] report(String pipelineId) {
        return report(pipelineId, NOW);
    }

    private static byte[] report(String pipelineId, Instant heartbeatAt) {
        return ControlJson.write(new WorkerStatus(pipelineId, Component.INGEST, "i-1", WorkerState.RUNNING, heartbeatAt, 1, 1, 0, 0,
                0, null));
    }
}
