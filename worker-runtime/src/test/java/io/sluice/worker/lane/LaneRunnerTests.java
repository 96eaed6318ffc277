package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Message;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.retry.Backoff;
import org.junit.jupiter.api.Test;

class LaneRunnerTests {

    @Test
    void aReleasingLaneWhoseProgressCannotBeWrittenRetriesAfterItsBackoffNotAtOnce() throws Exception {
        AtomicLong writes = new AtomicLong();
        LaneStore refusing = new LaneStore() {
            @Override
            public Versioned read(String laneKey) {
                throw new IllegalStateException("not read by a running lane");
            }

            @Override
            public long compareAndSet(String laneKey, long expectedRevision, LaneProgress progress) {
                writes.incrementAndGet();
                throw new IllegalStateException("Connection is Closed");
            }

            @Override
            public void heartbeat(String pipelineId, String replica, long nowMillis) {
            }

            @Override
            public Map<String, Long> heartbeats(String pipelineId) {
                return Map.of();
            }

            @Override
            public void leave(String pipelineId, String replica) {
            }
        };
        LaneHandler handler = new LaneHandler() {
            @Override
            public CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) {
                throw new IllegalStateException("nothing is read while releasing");
            }

            @Override
            public long publishedThrough(Lane lane) {
                return 0;
            }
        };
        Lane lane = Lane.of("orders", "web", 0, "orders.ingest.web.0");
        LaneRunner runner = new LaneRunner(new LaneRunner.Settings("orders", lane, "replica-1", "orders-data", 4,
                Duration.ofMinutes(1), Duration.ofHours(1)), refusing, new LaneStore.Versioned(LaneProgress.START, 1), null,
                handler, null, new Backoff(Duration.ofMillis(100), Duration.ofMillis(200), () -> 0.5), Clock.systemUTC(), null, () -> { });
        runner.release();

        Thread thread = DaemonThreads.start("releasing-lane", runner);
        Thread.sleep(1_000);
        thread.interrupt();
        thread.join(10_000);

        // With a backoff of 100–200 ms, a few attempts in a second; retried at once, it made millions.
        assertThat(writes.get()).isBetween(1L, 20L);
        assertThat(runner.ended()).isTrue();
    }
}
