package io.sluice.worker.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.Test;

/**
 * The ticks of a stage's pipelines run together on its few threads, each once per period, and a
 * tick that outlasts its period is not queued up behind itself. On the real NATS (the stage's
 * threads hold its connection's dispatcher).
 */
@RealServers(RealServer.NATS)
class LaneTicksIntegrationTests {

    @Test
    void everyTickRunsOncePerPeriodAndASlowOneIsNotQueuedBehindItself(LocalEndpoints endpoints) throws Exception {
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            LaneThreads threads = new LaneThreads("ticks", nats);
            List<AtomicInteger> counts = new ArrayList<>();
            List<Runnable> stops = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                AtomicInteger count = new AtomicInteger();
                counts.add(count);
                stops.add(threads.everyTick(Duration.ofMillis(100), count::incrementAndGet));
            }
            AtomicInteger slowRuns = new AtomicInteger();
            AtomicInteger slowAtOnce = new AtomicInteger();
            AtomicInteger slowMostAtOnce = new AtomicInteger();
            stops.add(threads.everyTick(Duration.ofMillis(100), () -> {
                slowMostAtOnce.accumulateAndGet(slowAtOnce.incrementAndGet(), Math::max);
                slowRuns.incrementAndGet();
                try {
                    Thread.sleep(450);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowAtOnce.decrementAndGet();
            }));

            Thread.sleep(2_000);
            stops.forEach(Runnable::run);
            int slow = slowRuns.get();
            List<Integer> ticked = counts.stream().map(AtomicInteger::get).toList();
            Thread.sleep(300);

            // Now and then every 100 ms for 2 s: about 20 each (a loaded machine makes fewer).
            assertThat(ticked).allSatisfy(n -> assertThat(n).isBetween(8, 22));
            // 450 ms per run: at most five in 2 s, one at a time, none queued up meanwhile.
            assertThat(slow).isBetween(2, 5);
            assertThat(slowMostAtOnce).hasValue(1);
            assertThat(counts.stream().map(AtomicInteger::get).toList()).as("ticks after the stop").isEqualTo(ticked);
        }
    }
}
