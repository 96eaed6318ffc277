package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.sluice.model.control.DesiredState;
import io.sluice.model.control.WorkerState;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An idle lane may wait long before it reads its progress again (few requests to NATS per idle
 * pipeline), and still a pause or stop does not wait it out: here an idle lane waits a minute, and
 * the pipeline pauses at once.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkStopIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkStopIntegrationTests.class);
    static final String PIPELINE = "orders-idle";
    static final String TABLE = SINK.table("orders");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.register(registry);
        registry.add("sluice.sink.idle-wait", () -> "60s");
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
    void anIdleLanePausesWithoutWaitingOutItsPull() throws Exception {
        SINK.awaitDataStream(PIPELINE);
        SINK.publish(PIPELINE, 0, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 20);
        // Nothing more comes: the lane parks for a minute.
        Thread.sleep(2_000);

        SINK.desire(PIPELINE, DesiredState.PAUSED);

        await().atMost(Duration.ofSeconds(20)).until(() -> SINK.sinkStatus(PIPELINE).state() == WorkerState.PAUSED);

        // What comes while paused waits, and is inserted once the pipeline runs again.
        SINK.publish(PIPELINE, 1, 5);
        SINK.desire(PIPELINE, DesiredState.RUNNING);
        await().atMost(Duration.ofSeconds(30)).until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + TABLE) == 25);
        assertThat(SINK.clickHouse.queryLong("SELECT uniqExact(order_id) FROM " + TABLE)).isEqualTo(25);
    }
}
