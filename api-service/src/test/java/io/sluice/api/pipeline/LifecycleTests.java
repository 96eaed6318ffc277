package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import io.sluice.model.control.DesiredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleTests {

    // Every (state, action) pair: the state reached, or the reason given for refusing.
    @ParameterizedTest(name = "{1} a {0} pipeline: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CREATED | START  | RUNNING
            CREATED | PAUSE  | cannot pause a pipeline that is Created
            CREATED | RESUME | cannot resume a pipeline that is Created; start it instead
            CREATED | STOP   | cannot stop a pipeline that is Created
            CREATED | FAIL   | cannot mark as failed a pipeline that is Created
            RUNNING | START  | cannot start a pipeline that is Running
            RUNNING | PAUSE  | PAUSED
            RUNNING | RESUME | cannot resume a pipeline that is Running
            RUNNING | STOP   | STOPPED
            RUNNING | FAIL   | FAILED
            PAUSED  | START  | cannot start a pipeline that is Paused; resume it instead
            PAUSED  | PAUSE  | cannot pause a pipeline that is Paused
            PAUSED  | RESUME | RUNNING
            PAUSED  | STOP   | STOPPED
            PAUSED  | FAIL   | FAILED
            STOPPED | START  | RUNNING
            STOPPED | PAUSE  | cannot pause a pipeline that is Stopped
            STOPPED | RESUME | cannot resume a pipeline that is Stopped; start it instead
            STOPPED | STOP   | cannot stop a pipeline that is Stopped
            STOPPED | FAIL   | cannot mark as failed a pipeline that is Stopped
            FAILED  | START  | RUNNING
            FAILED  | PAUSE  | cannot pause a pipeline that is Failed
            FAILED  | RESUME | cannot resume a pipeline that is Failed; start it instead
            FAILED  | STOP   | cannot stop a pipeline that is Failed
            FAILED  | FAIL   | cannot mark as failed a pipeline that is Failed
            """)
    void appliesEveryActionInEveryState(PipelineStatus from, LifecycleAction action, String expected) {
        Lifecycle.Outcome outcome = Lifecycle.apply(from, action);

        if (expected.startsWith("cannot")) {
            assertThat(outcome).isEqualTo(new Lifecycle.Forbidden(expected));
        }
        else {
            assertThat(outcome).isEqualTo(new Lifecycle.Allowed(PipelineStatus.valueOf(expected)));
        }
    }

    @Test
    void tableAboveCoversEveryPair() {
        assertThat(PipelineStatus.values().length * LifecycleAction.values().length).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(PipelineStatus.class)
    void onlyARunningPipelineCannotBeEdited(PipelineStatus status) {
        if (status == PipelineStatus.RUNNING) {
            assertThat(Lifecycle.whyNotEditable(status))
                .contains("cannot edit a pipeline that is Running; pause or stop it first");
        }
        else {
            assertThat(Lifecycle.whyNotEditable(status)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineStatus.class)
    void onlyACreatedPipelineHasCertainlyNeverRunSoItsRoutingMayChange(PipelineStatus status) {
        // No move leads back to Created (everyStateButCreatedIsReachable), so Created means never started.
        assertThat(Lifecycle.mayHaveRun(status)).isEqualTo(status != PipelineStatus.CREATED);
    }

    @ParameterizedTest
    @EnumSource(PipelineStatus.class)
    void workersRunOnlyRunningPipelinesAndKeepPausedOnesAllocated(PipelineStatus status) {
        DesiredState expected = switch (status) {
            case RUNNING -> DesiredState.RUNNING;
            case PAUSED -> DesiredState.PAUSED;
            default -> DesiredState.STOPPED;
        };

        assertThat(Lifecycle.desiredState(status)).isEqualTo(expected);
    }

    @Test
    void everyStateButCreatedIsReachable() {
        Set<PipelineStatus> reached = EnumSet.noneOf(PipelineStatus.class);
        for (PipelineStatus from : PipelineStatus.values()) {
            for (LifecycleAction action : LifecycleAction.values()) {
                if (Lifecycle.apply(from, action) instanceof Lifecycle.Allowed allowed) {
                    reached.add(allowed.to());
                }
            }
        }

        assertThat(reached).isEqualTo(EnumSet.complementOf(EnumSet.of(PipelineStatus.CREATED)));
    }

}
