package io.sluice.worker.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sluice.model.control.Component;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host applies each pipeline's changes in order, and the changes of different pipelines side
 * by side: a replica with hundreds of pipelines must not make one wait for the drain of another.
 */
class PipelineHostTests {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    // What a work's stop does before it returns, by pipeline (default: nothing).
    private volatile Consumer<String> onStop = (id) -> { };

    private final PipelineHost host = new PipelineHost(new RecordingFactory());

    @AfterEach
    void stopHost() {
        onStop = (id) -> { };
        host.stopAll(Duration.ofSeconds(5));
    }

    @Test
    void aPipelineStartsWhileAnotherIsStillDraining() {
        CountDownLatch drained = new CountDownLatch(1);
        onStop = (id) -> waitFor(drained, 30);
        host.onControl("draining", control("draining", DesiredState.RUNNING, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("start draining"));
        host.onControl("draining", null);

        host.onControl("new", control("new", DesiredState.RUNNING, 1));

        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("start new"));
            assertThat(calls).doesNotContain("stopped draining");
        } finally {
            drained.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("stopped draining"));
    }

    @Test
    void stoppingEveryPipelineDrainsThemSideBySide() {
        int pipelines = 3;
        for (int i = 0; i < pipelines; i++) {
            host.onControl("p" + i, control("p" + i, DesiredState.RUNNING, 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().filter((call) -> call.startsWith("start")).count()
                == pipelines);
        // Each drain ends only once every pipeline began to drain: one after the other, none would.
        CountDownLatch allDraining = new CountDownLatch(pipelines);
        onStop = (id) -> {
            allDraining.countDown();
            waitFor(allDraining, 10);
        };

        host.stopAll(Duration.ofSeconds(20));

        assertThat(allDraining.getCount()).isZero();
        assertThat(calls).contains("stopped p0", "stopped p1", "stopped p2");
        assertThat(host.reports()).isEmpty();
    }

    @Test
    void theChangesOfOnePipelineApplyInTheOrderTheyCame() {
        host.onControl("one", control("one", DesiredState.RUNNING, 1));
        host.onControl("one", control("one", DesiredState.PAUSED, 2));
        host.onControl("one", control("one", DesiredState.RUNNING, 3));
        host.onControl("one", null);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("stopped one"));
        assertThat(calls).containsExactly("start one", "pause one", "resume one", "stopped one");
    }

    private static void waitFor(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PipelineControl control(String pipelineId, DesiredState state, long revision) {
        return new PipelineControl(new PipelineDefinition(pipelineId, pipelineId, null, null, null, null), state, revision,
                Instant.now());
    }

    private final class RecordingFactory implements PipelineWorkFactory {

        @Override
        public Component component() {
            return Component.SINK;
        }

        @Override
        public Optional<PipelineWork> create(PipelineControl control) {
            String id = control.pipelineId();
            return Optional.of(new PipelineWork() {
                @Override
                public void start() {
                    calls.add("start " + id);
                }

                @Override
                public void pause() {
                    calls.add("pause " + id);
                }

                @Override
                public void resume() {
                    calls.add("resume " + id);
                }

                @Override
                public void stop() {
                    onStop.accept(id);
                    calls.add("stopped " + id);
                }

                @Override
                public WorkStats stats() {
                    return WorkStats.NONE;
                }
            });
        }
    }
}
