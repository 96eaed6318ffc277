package io.sluice.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplicaHeartbeatTests {

    private static final Instant STARTED = Instant.parse("2026-12-06T12:00:00Z");

    private final ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(Component.SINK, "sink-1", STARTED.plusSeconds(300),
            STARTED);

    @Test
    void keepsAReportOfItsReplicaCurrentAtTheHeartbeatsTime() {
        WorkerStatus report = report(Component.SINK, "sink-1", STARTED.plusSeconds(20));

        assertThat(heartbeat.vouchesFor(report)).isTrue();
        assertThat(heartbeat.current(report)).isEqualTo(report.withHeartbeatAt(STARTED.plusSeconds(300)));
    }

    @Test
    void leavesAReportWrittenBeforeItsProcessBegan() {
        // The same replica id after a restart: the report may be about a pipeline no longer run.
        WorkerStatus earlier = report(Component.SINK, "sink-1", STARTED.minusSeconds(1));

        assertThat(heartbeat.vouchesFor(earlier)).isFalse();
        assertThat(heartbeat.current(earlier)).isSameAs(earlier);
    }

    @Test
    void leavesTheReportsOfOtherReplicasAndComponents() {
        assertThat(heartbeat.vouchesFor(report(Component.SINK, "sink-2", STARTED.plusSeconds(20)))).isFalse();
        assertThat(heartbeat.vouchesFor(report(Component.INGEST, "sink-1", STARTED.plusSeconds(20)))).isFalse();
    }

    @Test
    void neverMakesAReportOlderThanItsOwnHeartbeat() {
        WorkerStatus newer = report(Component.SINK, "sink-1", STARTED.plusSeconds(301));

        assertThat(heartbeat.current(newer)).isSameAs(newer);
    }

    @Test
    void roundTripsAsJsonAndAComponentOfANewerVersionVouchesForNothing() {
        assertThat(ControlJson.readHeartbeat(ControlJson.write(heartbeat))).isEqualTo(heartbeat);

        ReplicaHeartbeat unknown = ControlJson.readHeartbeat(("{\"component\":\"enrich\",\"replicaId\":\"sink-1\","
                + "\"heartbeatAt\":\"2026-12-06T12:05:00Z\",\"since\":\"2026-12-06T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.component()).isNull();
        assertThat(unknown.vouchesFor(report(Component.SINK, "sink-1", STARTED.plusSeconds(20)))).isFalse();
        assertThatExceptionOfType(InvalidControlJsonException.class)
                .isThrownBy(() -> ControlJson.readHeartbeat("[1]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void itsKeyIsNoPipelinesStatusKey() {
        String key = ControlKeys.replicaHeartbeatKey(Component.DEDUP, "dedup-7");

        assertThat(key).isEqualTo("_replicas.dedup.dedup-7");
        assertThat(ControlKeys.isReplicaHeartbeatKey(key)).isTrue();
        assertThat(ControlKeys.isReplicaHeartbeatKey(ControlKeys.statusKey("replicas", Component.DEDUP, "dedup-7")))
                .isFalse();
        assertThat(ControlKeys.replicaHeartbeatKeys()).isEqualTo("_replicas.>");
    }

    private static WorkerStatus report(Component component, String replicaId, Instant heartbeatAt) {
        return new WorkerStatus("orders", component, replicaId, WorkerState.RUNNING, heartbeatAt, 10, 10, 0, 0, 0, null,
                null, null, List.of(), null, Map.of(), 0, "host-a", STARTED);
    }
}
