package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.sluice.model.control.DesiredState;
import io.sluice.model.control.WorkerState;
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
 * One replica of the sink works on a lane at a time: the one that wrote its last block holds it,
 * the others stand by without reading until the hold lapses or is released. This service is
 * replica {@code sink-a}; the test plays a second replica, {@code sink-b}, through the lane's
 * progress in NATS, as that replica's commits would write it.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkLaneHoldIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkLaneHoldIntegrationTests.class);
    static final String PIPELINE = "orders-dedup";
    static final String LANE = PIPELINE + ".dedup.orders";
    static final String TABLE = SINK.table("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.register(registry);
        // The hold a block renews lasts the lease.
        registry.add("sluice.sink.lease", () -> "8s");
    }

    @BeforeAll
    static void createTableBucketsAndRunThePipeline() throws Exception {
        SINK.startWithOrdersPipeline(PIPELINE);
    }

    @AfterAll
    static void removeEverything() throws Exception {
        SINK.removeEverything();
    }

    @Test
    void aReplicaStandsByWhileAnotherHoldsTheLaneAndTakesItOverOnceTheHoldLapses() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        long before = rows();
        SINK.publish(PIPELINE, 0, 100);
        await().atMost(Duration.ofSeconds(40)).until(() -> rows() == before + 100);
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        await().atMost(Duration.ofSeconds(10)).until(() -> "sink-a".equals(store.read(LANE).progress().holder()));

        // sink-b commits a block of its own (none in the stream: the committed sequence stays) and
        // holds the lane for 10 s from now.
        long heldUntil = System.currentTimeMillis() + 10_000;
        ProgressStore.Versioned current = store.read(LANE);
        store.compareAndSet(LANE, current.revision(),
                new Progress(current.progress().committedSeq(), null, "sink-b", heldUntil));
        SINK.publish(PIPELINE, 1, 100);
        // Its status says so: every lane of the pipeline is another replica's.
        await().atMost(Duration.ofSeconds(4)).until(() -> SINK.sinkStatus(PIPELINE).state(), WorkerState.STANDBY::equals);

        // Standing by, sink-a inserts nothing while the hold lasts (before holds, it read the block
        // at once and recorded it as its own)...
        Thread.sleep(Math.max(0, heldUntil - 4_000 - System.currentTimeMillis()));
        assertThat(rows()).as("rows while sink-b holds the lane").isEqualTo(before + 100);
        assertThat(store.read(LANE).progress().holder()).isEqualTo("sink-b");
        // ...and takes the lane over once it lapsed, as it would after sink-b died.
        await().atMost(Duration.ofSeconds(40)).until(() -> rows() == before + 200);
        assertThat(System.currentTimeMillis()).as("when sink-a inserted").isGreaterThanOrEqualTo(heldUntil);
        assertThat(store.read(LANE).progress().holder()).isEqualTo("sink-a");
        assertThat(SINK.clickHouse.queryLong("SELECT uniqExact(order_id) FROM " + TABLE)).isEqualTo(before + 200);
        await().atMost(Duration.ofSeconds(4)).until(() -> SINK.sinkStatus(PIPELINE).state(), WorkerState.RUNNING::equals);
    }

    @Test
    void aReplicaThatStopsTheLaneReleasesItsHoldSoThatAnotherNeedNotWaitItOut() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        long before = rows();
        SINK.publish(PIPELINE, 2, 10);
        await().atMost(Duration.ofSeconds(40)).until(() -> rows() == before + 10);
        assertThat(store.read(LANE).progress().holder()).isEqualTo("sink-a");

        SINK.desire(PIPELINE, DesiredState.STOPPED);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Progress progress = store.read(LANE).progress();
            assertThat(progress.holder()).as("holder after the stop").isNull();
            assertThat(progress.intent()).isNull();
        });
        SINK.desire(PIPELINE, DesiredState.RUNNING);
    }

    private static long rows() {
        return SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE);
    }
}
