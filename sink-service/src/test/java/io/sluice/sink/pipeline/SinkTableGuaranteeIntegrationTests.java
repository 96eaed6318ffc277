package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
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
 * A table that does not drop a replayed insert (a plain MergeTree) cannot give exactly-once: the
 * sink refuses it at start, with the reason in status, unless the definition accepts at-least-once
 * in so many words.
 */
@RealServers({ RealServer.NATS, RealServer.CLICKHOUSE })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SinkTableGuaranteeIntegrationTests {

    static final SinkHarness SINK = new SinkHarness(SinkTableGuaranteeIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SINK.register(registry);
    }

    @BeforeAll
    static void createPlainTablesAndRunBothPipelines() throws Exception {
        SINK.start();
        for (String pipeline : new String[] { "refused", "accepted" }) {
            SINK.createOrdersTable(pipeline, "ENGINE = MergeTree ORDER BY order_id");
            SINK.run(pipeline, pipeline, pipeline.equals("accepted") ? ", \"allowAtLeastOnce\": true" : "");
        }
    }

    @AfterAll
    static void removeEverything() throws Exception {
        SINK.removeEverything();
    }

    @Test
    void refusesToRunIntoAPlainMergeTreeAndSaysWhyAndWhatToDo() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            WorkerStatus status = SINK.sinkStatus("refused");
            assertThat(status.state()).isEqualTo(WorkerState.FAILED);
            assertThat(status.lastError()).contains(SINK.table("refused"), "MergeTree", "duplicate",
                    "ReplicatedMergeTree", "allowAtLeastOnce");
        });
    }

    @Test
    void runsIntoAPlainMergeTreeWhenTheDefinitionAcceptsAtLeastOnce() throws Exception {
        JetStreamProbe.awaitStream(SINK.nats(), SINK.names.dataStream("accepted"), Duration.ofSeconds(30));
        SINK.publish("accepted", 0, 50);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> SINK.clickHouse.queryLong("SELECT count() FROM " + SINK.table("accepted")) == 50);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WorkerStatus status = SINK.sinkStatus("accepted");
            assertThat(status.state()).isEqualTo(WorkerState.RUNNING);
            // Running, but with the weaker guarantee said out loud.
            assertThat(status.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains(SINK.table("accepted"), "does not drop a replayed insert", "allowAtLeastOnce"));
        });
    }
}
