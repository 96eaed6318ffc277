package io.sluice.ui.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleActionsTests {

    @Test
    void runningPipelineCanBePausedOrStoppedAndStopAsksFirst() {
        assertThat(LifecycleActions.available("running")).extracting(LifecycleActions.Action::name)
                .containsExactly("pause", "stop");
        assertThat(LifecycleActions.available("running").get(1).destructive()).isTrue();
    }

    @Test
    void pausedPipelineCanBeResumedOrStopped() {
        assertThat(LifecycleActions.available("paused")).extracting(LifecycleActions.Action::name)
                .containsExactly("resume", "stop");
    }

    @Test
    void pipelineThatIsNotRunningCanBeStarted() {
        for (String status : new String[] {"created", "stopped", "failed"}) {
            assertThat(LifecycleActions.available(status)).as(status).extracting(LifecycleActions.Action::name)
                    .containsExactly("start");
        }
    }

    @Test
    void unknownStateOffersNoLifecycleButton() {
        assertThat(LifecycleActions.available("deleting")).isEmpty();
        assertThat(LifecycleActions.available(null)).isEmpty();
    }
}
