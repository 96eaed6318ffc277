package io.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.MutableClock;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status reader against the real NATS server: it reads the replicas' reports from one watch of
 * the status bucket, so that the sampler reading every report every few seconds, for hundreds of
 * pipelines, sends NATS nothing.
 */
@RealServers(RealServer.NATS)
class WorkerStatusReaderIntegrationTests {

    private static final int PIPELINES = 40;

    private Connection connection;

    private NatsNames names;

    private KeyValue status;

    private WorkerStatusReader reader;

    @BeforeEach
    void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        connection = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
    }

    @AfterEach
    void close() throws Exception {
        if (reader != null) {
            reader.destroy();
        }
        try {
            connection.keyValueManagement().delete(names.statusBucket());
        } catch (Exception e) {
            // not created by this test
        }
        connection.close();
    }

    @Test
    void readsEveryReportFromItsWatchWithoutAskingNatsAgain() throws Exception {
        createBucket();
        for (int i = 0; i < PIPELINES; i++) {
            report("p-" + i, 100);
        }
        reader = new WorkerStatusReader(connection, names);

        // Until the watch has delivered what the bucket held, a read lists the bucket: wait for that
        // to end (on a loaded machine it can take longer than the first listing).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long sent = connection.getStatistics().getOutMsgs();
            assertThat(reader.readAll()).hasSize(PIPELINES);
            assertThat(connection.getStatistics().getOutMsgs()).as("read from the watch").isEqualTo(sent);
        });
        long sentBefore = connection.getStatistics().getOutMsgs();
        for (int i = 0; i < 5; i++) {
            assertThat(reader.readAll()).hasSize(PIPELINES);
            assertThat(reader.read("p-7")).extracting(WorkerStatus::pipelineId).containsExactly("p-7");
        }
        assertThat(connection.getStatistics().getOutMsgs() - sentBefore)
                .as("messages sent to NATS by ten reads of the status").isZero();

        // What the workers write next is read: a new report, a changed one, a deleted one.
        report("p-0", 250);
        report("p-new", 1);
        status.delete(ControlKeys.statusKey("p-1", Component.INGEST, "ingest-1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<WorkerStatus> all = reader.readAll();
            assertThat(all).extracting(WorkerStatus::pipelineId).contains("p-new").doesNotContain("p-1").hasSize(PIPELINES);
            assertThat(reader.read("p-0")).singleElement().extracting(WorkerStatus::eventsIn).isEqualTo(250L);
        });
    }

    @Test
    void listsNothingUntilTheBucketExistsThenWatchesIt() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        reader = new WorkerStatusReader(connection, names, clock);
        assertThat(reader.readAll()).as("no worker ever reported: no bucket").isEmpty();

        createBucket();
        report("late", 5);
        assertThat(reader.readAll()).as("listed until the next try to watch").extracting(WorkerStatus::pipelineId)
                .containsExactly("late");
        clock.advance(Duration.ofSeconds(11));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long sentBefore = connection.getStatistics().getOutMsgs();
            assertThat(reader.readAll()).extracting(WorkerStatus::pipelineId).containsExactly("late");
            assertThat(connection.getStatistics().getOutMsgs()).as("read from the watch").isEqualTo(sentBefore);
        });
    }

    private void createBucket() throws Exception {
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name(names.statusBucket())
                .maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).storageType(StorageType.Memory).build());
        status = connection.keyValue(names.statusBucket());
    }

    private void report(String pipelineId, long eventsIn) throws Exception {
        status.put(ControlKeys.statusKey(pipelineId, Component.INGEST, "ingest-1"), ControlJson.write(new WorkerStatus(pipelineId,
                Component.INGEST, "ingest-1", WorkerState.RUNNING, Instant.now(), eventsIn, eventsIn, 0, 0, 0, null)));
    }
}
