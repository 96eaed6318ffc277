package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Message;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.sink.progress.Intent;
import io.sluice.sink.progress.KvProgressStore;
import io.sluice.sink.progress.Progress;
import io.sluice.sink.progress.ProgressStore;
import io.sluice.testsupport.JetStreamProbe;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sink-service as deployed: driven through the real definitions KV bucket, reading dedup
 * output from the real JetStream, inserting into a ReplicatedMergeTree table of the real ClickHouse.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkServiceIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkServiceIntegrationTests.class);
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
    void insertsEveryRowOnceAndReplaysAnUnfinishedInsertWithoutDuplicating() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(order("o-" + i, i));
        }
        events.add("{\"order_id\":\"bad\",\"customer\":{\"id\":-1},\"amount\":1,\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\"}");
        long firstSeq = SINK.publish(PIPELINE, 0, events.subList(0, 250)).getSeqno();
        long lastSeq = SINK.publish(PIPELINE, 1, events.subList(250, events.size())).getSeqno();

        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 500);
        assertThat(SINK.clickHouse.queryLong("SELECT uniqExact(order_id) FROM " + TABLE)).isEqualTo(500);
        assertThat(SINK.clickHouse.queryRows("SELECT customer_id, status FROM " + TABLE + " WHERE order_id = 'o-42'"))
                .containsExactly("42\tnew");
        Message deadLetter = JetStreamProbe.firstMessage(SINK.nats(), SINK.names.deadLetterStream(PIPELINE),
                SINK.names.deadLetterSubject(PIPELINE), Duration.ofSeconds(20));
        assertThat(deadLetter.getHeaders().getFirst(DeadLetterCodec.REASON_HEADER)).contains("customer.id", "UInt64");

        // A replica died after inserting these blocks and before committing: its intent is left behind.
        ProgressStore store = new KvProgressStore(SINK.nats(), SINK.names.sinkProgressBucket());
        String lane = PIPELINE + ".dedup.orders";
        await().atMost(Duration.ofSeconds(10)).until(() -> store.read(lane).progress().committedSeq() >= lastSeq);
        ProgressStore.Versioned committed = store.read(lane);
        store.compareAndSet(lane, committed.revision(), new Progress(firstSeq - 1, new Intent(firstSeq, lastSeq, "dead-replica", 0)));

        await().atMost(Duration.ofSeconds(30)).until(() -> store.read(lane).progress().intent() == null);
        assertThat(store.read(lane).progress().committedSeq()).isEqualTo(lastSeq);
        assertThat(SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE)).isEqualTo(500);
    }

    private static String order(String id, int customer) {
        return "{\"order_id\":\"" + id + "\",\"customer\":{\"id\":" + customer + "},\"amount\":" + customer + ".5,"
                + "\"status\":\"new\",\"created_at\":\"2026-01-01T00:00:00Z\"}";
    }
}
