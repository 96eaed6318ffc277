package io.sluice.worker.control;

import static io.sluice.worker.control.Reconciliation.Action.NONE;
import static io.sluice.worker.control.Reconciliation.Action.PAUSE;
import static io.sluice.worker.control.Reconciliation.Action.REPLACE;
import static io.sluice.worker.control.Reconciliation.Action.RESUME;
import static io.sluice.worker.control.Reconciliation.Action.START;
import static io.sluice.worker.control.Reconciliation.Action.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import org.junit.jupiter.api.Test;

class ReconciliationTests {

    private static final PipelineDefinition ORDERS = new PipelineDefinition("orders", "Orders", null, null, null, null);
    private static final PipelineDefinition ORDERS_EDITED = new PipelineDefinition("orders", "Orders v2", null, null, null, null);

    @Test
    void startsARunningPipelineItDoesNotHost() {
        assertThat(Reconciliation.decide(null, control(ORDERS, DesiredState.RUNNING, 1))).isEqualTo(START);
    }

    @Test
    void leavesPausedAndStoppedPipelinesItDoesNotHostAlone() {
        assertThat(Reconciliation.decide(null, control(ORDERS, DesiredState.PAUSED, 1))).isEqualTo(NONE);
        assertThat(Reconciliation.decide(null, control(ORDERS, DesiredState.STOPPED, 1))).isEqualTo(NONE);
        assertThat(Reconciliation.decide(null, null)).isEqualTo(NONE);
    }

    @Test
    void pausesResumesAndStopsWhatItHosts() {
        assertThat(Reconciliation.decide(running(ORDERS, 1), control(ORDERS, DesiredState.PAUSED, 2))).isEqualTo(PAUSE);
        assertThat(Reconciliation.decide(paused(ORDERS, 2), control(ORDERS, DesiredState.RUNNING, 3))).isEqualTo(RESUME);
        assertThat(Reconciliation.decide(running(ORDERS, 1), control(ORDERS, DesiredState.STOPPED, 2))).isEqualTo(STOP);
        assertThat(Reconciliation.decide(paused(ORDERS, 1), control(ORDERS, DesiredState.STOPPED, 2))).isEqualTo(STOP);
    }

    @Test
    void stopsWhatItHostsWhenThePipelineIsDeleted() {
        assertThat(Reconciliation.decide(running(ORDERS, 1), null)).isEqualTo(STOP);
        assertThat(Reconciliation.decide(paused(ORDERS, 1), null)).isEqualTo(STOP);
    }

    @Test
    void ignoresAReplayedOrStaleRevision() {
        assertThat(Reconciliation.decide(running(ORDERS, 5), control(ORDERS, DesiredState.STOPPED, 5))).isEqualTo(NONE);
        assertThat(Reconciliation.decide(running(ORDERS, 5), control(ORDERS_EDITED, DesiredState.RUNNING, 4))).isEqualTo(NONE);
    }

    @Test
    void restartsFromTheNewDefinitionWhenAnEditedPipelineRuns() {
        assertThat(Reconciliation.decide(running(ORDERS, 1), control(ORDERS_EDITED, DesiredState.RUNNING, 2))).isEqualTo(REPLACE);
        assertThat(Reconciliation.decide(paused(ORDERS, 1), control(ORDERS_EDITED, DesiredState.RUNNING, 2))).isEqualTo(REPLACE);
    }

    @Test
    void stopsAPausedPipelineWhoseDefinitionWasEditedSoResumeStartsTheNewOne() {
        assertThat(Reconciliation.decide(paused(ORDERS, 1), control(ORDERS_EDITED, DesiredState.PAUSED, 2))).isEqualTo(STOP);
    }

    @Test
    void doesNothingWhenOnlyTheRevisionMoved() {
        assertThat(Reconciliation.decide(running(ORDERS, 1), control(ORDERS, DesiredState.RUNNING, 2))).isEqualTo(NONE);
        assertThat(Reconciliation.decide(paused(ORDERS, 1), control(ORDERS, DesiredState.PAUSED, 2))).isEqualTo(NONE);
    }

    private static Reconciliation.Hosted running(PipelineDefinition definition, long revision) {
        return new Reconciliation.Hosted(control(definition, DesiredState.RUNNING, revision), false);
    }

    private static Reconciliation.Hosted paused(PipelineDefinition definition, long revision) {
        return new Reconciliation.Hosted(control(definition, DesiredState.PAUSED, revision), true);
    }

    private static PipelineControl control(PipelineDefinition definition, DesiredState state, long revision) {
        return new PipelineControl(definition, state, revision, Instant.EPOCH);
    }
}
