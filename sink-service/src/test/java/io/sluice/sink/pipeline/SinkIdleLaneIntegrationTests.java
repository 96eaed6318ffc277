package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Dispatcher;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An idle lane holds no thread and asks NATS nothing: it parks once a read found nothing, reads
 * neither its progress nor its stream until it looks again (every 2 minutes by default), and a
 * message published to it wakes it at once.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkIdleLaneIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkIdleLaneIntegrationTests.class);
    static final String PIPELINE = "orders-parked";
    static final String TABLE = SINK.table("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        // The default idle wait: what an idle pipeline costs NATS is what this test is about.
        SINK.register(registry);
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
    void anIdleLaneHoldsNoThreadAndAMessageWakesItAtOnce() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        SINK.publish(PIPELINE, 0, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 20);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsOfThePipeline())
                .as("threads named after the pipeline, whose lane is idle").isEmpty());
        // Every read of a lane's progress is a direct get of its key from the progress bucket.
        AtomicInteger progressReads = new AtomicInteger();
        Dispatcher requests = SINK.nats().createDispatcher(message -> {
            if (message.getSubject().endsWith("." + PIPELINE + ".dedup." + SinkHarness.SOURCE)) {
                progressReads.incrementAndGet();
            }
        });
        requests.subscribe("$JS.API.DIRECT.GET.>");
        try {
            SINK.nats().flush(Duration.ofSeconds(5));
            Thread.sleep(20_000);
        } finally {
            SINK.nats().closeDispatcher(requests);
        }
        assertThat(progressReads.get()).as("reads of the parked lane's progress in 20 s").isZero();

        SINK.publish(PIPELINE, 0, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 25);
        assertThat(SINK.clickHouse.queryLong("SELECT uniqExact(order_id) FROM " + TABLE)).isEqualTo(25);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsOfThePipeline())
                .as("threads named after the pipeline, idle again").isEmpty());
    }

    private static List<String> threadsOfThePipeline() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(PIPELINE)).toList();
    }
}
