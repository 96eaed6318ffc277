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
 * A recorded insert is replayed exactly or not at all: when messages of its range are gone from
 * the stream (max age, a manual delete), the sink must not insert the rest as a smaller block —
 * under another deduplication identity that would duplicate the rows that did land — and must say
 * why the lane stopped.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkReplayIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkReplayIntegrationTests.class);
    static final String PIPELINE = "orders-dedup";
    static final String TABLE = SINK.table("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.registerForProgressWrittenByTheTest(registry);
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
    void refusesToReplayARecordedInsertWhoseMessagesAreGoneInsteadOfInsertingASmallerBlock() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        long firstSeq = SINK.publish(PIPELINE, 0, 100);
        SINK.publish(PIPELINE, 1, 100);
        long lastSeq = SINK.publish(PIPELINE, 0, 100);
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 300);
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        String lane = PIPELINE + ".dedup.orders";
        await().atMost(Duration.ofSeconds(10)).until(() -> store.read(lane).progress().committedSeq() >= lastSeq);

        // A replica recorded an insert of these three messages and died; then the last one left the
        // stream (its max age passed while no sink ran).
        ProgressStore.Versioned committed = store.read(lane);
        store.compareAndSet(lane, committed.revision(),
                new Progress(firstSeq - 1, new Intent(firstSeq, lastSeq, "dead-replica", 0)));
        SINK.nats().jetStreamManagement().deleteMessage(SINK.names.dataStream(PIPELINE), lastSeq);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SINK.sinkStatus(PIPELINE).lastError())
                .contains("stream sequences " + firstSeq + "-" + lastSeq).contains("gone"));
        assertThat(SINK.sinkStatus(PIPELINE).state()).isEqualTo(WorkerState.FAILED);
        assertThat(store.read(lane).progress().committedSeq()).isEqualTo(firstSeq - 1);
        assertThat(SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE)).isEqualTo(300);
    }
}
