package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.sluice.concurrent.DaemonThreads;
import io.sluice.sink.progress.KvProgressStore;
import io.sluice.sink.progress.Progress;
import io.sluice.sink.progress.ProgressStore;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sink replicas share the lanes out: a replica holding more than its share hands a lane over
 * at its next commit to one that holds fewer, and takes it back if that one dies. This service is
 * replica {@code sink-a} running two pipelines of one lane each; the test plays a second replica,
 * {@code sink-b}, through its heartbeat and the lanes' progress in NATS, as that replica would
 * write them.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkLaneShareIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkLaneShareIntegrationTests.class);
    static final List<String> PIPELINES = List.of("share-a", "share-b");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.register(registry);
        // A replica counts as alive for half a lease after its heartbeat; a hold lasts a lease.
        registry.add("sluice.sink.lease", () -> "8s");
    }

    @BeforeAll
    static void createTablesAndRunTwoPipelines() throws Exception {
        SINK.start();
        for (String pipeline : PIPELINES) {
            String table = pipeline.replace('-', '_');
            SINK.createOrdersTable(table, SINK.replicated(table, ""));
            SINK.run(pipeline, table, "");
        }
    }

    @AfterAll
    static void removeEverything() throws Exception {
        SINK.removeEverything();
    }

    @Test
    void aReplicaHoldingMoreThanItsShareHandsALaneOverAndTakesItBackWhenTheOtherDies() throws Exception {
        for (String pipeline : PIPELINES) {
            SINK.awaitDataStream(pipeline);
            SINK.publish(pipeline, 0, 100);
        }
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        await().atMost(Duration.ofSeconds(40)).until(() -> rows(0) == 100 && rows(1) == 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> "sink-a".equals(holder(store, 0)) && "sink-a".equals(holder(store, 1)));

        // sink-b comes alive: two lanes on two replicas, one each.
        ScheduledExecutorService beats = DaemonThreads.scheduled("sink-b-heartbeat");
        ScheduledFuture<?> sinkB = beats.scheduleWithFixedDelay(() -> beat("sink-b"), 0, 1, TimeUnit.SECONDS);
        try {
            Thread.sleep(1_500);
            for (String pipeline : PIPELINES) {
                SINK.publish(pipeline, 0, 100);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(0) == 200 && rows(1) == 200);
            // sink-a handed one lane over at its commit (before shares it kept both) and kept the other.
            int given = await().atMost(Duration.ofSeconds(10)).until(() -> handedOver(store), (lane) -> lane >= 0);
            int kept = 1 - given;
            assertThat(holder(store, kept)).as("holder of the lane kept").isEqualTo("sink-a");

            // sink-b takes the lane handed over, as its first intent would record.
            ProgressStore.Versioned current = store.read(lane(given));
            long heldUntil = System.currentTimeMillis() + 6_000;
            assertThat(store.compareAndSet(lane(given), current.revision(),
                    new Progress(current.progress().committedSeq(), null, "sink-b", heldUntil))).isNotEqualTo(ProgressStore.LOST);
            for (String pipeline : PIPELINES) {
                SINK.publish(pipeline, 0, 100);
            }
            // sink-a goes on with its own lane and leaves sink-b's alone.
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(kept) == 300);
            assertThat(rows(given)).as("rows of the lane sink-b holds").isEqualTo(200);
        } finally {
            // sink-b dies: its heartbeat stops.
            sinkB.cancel(false);
            beats.shutdownNow();
        }
        // sink-a takes the lane back once sink-b's hold lapsed and inserts what sink-b left.
        await().atMost(Duration.ofSeconds(40)).until(() -> rows(0) == 300 && rows(1) == 300);
        for (int pipeline = 0; pipeline < 2; pipeline++) {
            assertThat(SINK.clickHouse.queryLong("SELECT uniqExact(order_id) FROM " + table(pipeline))).isEqualTo(300);
        }
        assertThat(holder(store, 0)).isEqualTo("sink-a");
        assertThat(holder(store, 1)).isEqualTo("sink-a");
    }

    private static void beat(String replica) {
        try {
            SINK.nats().keyValue(SINK.names.sinkReplicasBucket())
                    .put(replica, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which pipeline's lane nobody holds after sink-a's hand-over, or -1. */
    private static int handedOver(ProgressStore store) throws Exception {
        for (int pipeline = 0; pipeline < 2; pipeline++) {
            Progress progress = store.read(lane(pipeline)).progress();
            if (progress.holder() == null && progress.intent() == null && progress.heldUntilMillis() > 0) {
                return pipeline;
            }
        }
        return -1;
    }

    private static String holder(ProgressStore store, int pipeline) throws Exception {
        return store.read(lane(pipeline)).progress().holder();
    }

    private static String lane(int pipeline) {
        return PIPELINES.get(pipeline) + ".dedup." + SinkHarness.SOURCE;
    }

    private static String table(int pipeline) {
        return SINK.table(PIPELINES.get(pipeline).replace('-', '_'));
    }

    private static long rows(int pipeline) {
        return SINK.clickHouse.queryLong("SELECT count() FROM " + table(pipeline));
    }
}
