package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.sluice.model.control.WorkerState;
import io.sluice.sink.progress.Intent;
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
 * A ReplicatedMergeTree remembers only its newest {@code replicated_deduplication_window} blocks. A
 * recorded insert replayed after more blocks than that went into the table (other pipelines, other
 * lanes) might land twice: the sink must see that and stop the lane with the reason instead.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkReplayWindowIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkReplayWindowIntegrationTests.class);
    static final String PIPELINE = "orders-dedup";
    static final String TABLE = SINK.table("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.registerForProgressWrittenByTheTest(registry);
    }

    @BeforeAll
    static void createATableRememberingThreeBlocksAndRunThePipeline() throws Exception {
        SINK.start();
        SINK.createOrdersTable("orders", SINK.replicated("orders",
                "replicated_deduplication_window = 3, cleanup_delay_period = 1, cleanup_delay_period_random_add = 0"));
        SINK.run(PIPELINE, "orders", "");
    }

    @AfterAll
    static void removeEverything() throws Exception {
        SINK.removeEverything();
    }

    @Test
    void stopsRatherThanReplayAnInsertTheTableMayHaveForgotten() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        long recordedAt = System.currentTimeMillis();
        long seq = SINK.publish(PIPELINE, 0, 50);
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 50);
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        String lane = PIPELINE + ".dedup.orders";
        await().atMost(Duration.ofSeconds(10)).until(() -> store.read(lane).progress().committedSeq() >= seq);

        // Another writer inserts five blocks into the table; it keeps the last three block ids only.
        for (int i = 0; i < 5; i++) {
            SINK.clickHouse.execute("INSERT INTO " + TABLE + " VALUES ('other-" + i + "', " + i + ", 1, 'new', now())");
        }
        String blocks = SINK.clickHouse.queryRows("SELECT zookeeper_path FROM system.replicas WHERE database = '"
                + SINK.namespace.clickHouseDatabase() + "' AND table = 'orders'").get(0) + "/blocks";
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong(
                "SELECT count() FROM system.zookeeper WHERE path = '" + blocks + "'") <= 3);

        // The sink's insert of that message is found unfinished, as if its replica had died
        // before committing it, and is replayed only now.
        ProgressStore.Versioned committed = store.read(lane);
        store.compareAndSet(lane, committed.revision(),
                new Progress(seq - 1, new Intent(seq, seq, "dead-replica", 0, 1, 50, recordedAt)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SINK.sinkStatus(PIPELINE).lastError())
                .contains("cannot be replayed safely", "remembers the last 3", "replicated_deduplication_window"));
        assertThat(SINK.sinkStatus(PIPELINE).state()).isEqualTo(WorkerState.FAILED);
        assertThat(store.read(lane).progress().committedSeq()).isEqualTo(seq - 1);
        assertThat(SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE)).isEqualTo(55);
    }
}
