package io.sluice.ingest.kafka;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.IngestFixtures.Stored;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.PublishOutcome;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.definition.InitialOffset;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a source resumes after a pause, against the real Kafka and JetStream, in the situations
 * where Kafka's own answer (committed offset, else {@code auto.offset.reset}) would skip records
 * without a word: group offsets gone, a topic edited, a partition added, records deleted by
 * retention.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class SourceResumeIntegrationTests {

    private static final SourceSettings SETTINGS = new SourceSettings(100, 512 * 1024, Duration.ofMillis(20),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 500, Duration.ofMillis(200),
            Duration.ofMinutes(5), Duration.ofSeconds(5), Map.of());

    private static SourceServers servers;

    @BeforeAll
    static void connect(LocalEndpoints endpoints, TestNamespace testNamespace) throws Exception {
        servers = SourceServers.connect(endpoints, testNamespace);
    }

    @AfterAll
    static void removeStreams() throws Exception {
        servers.close();
    }

    @Test
    void resumesFromRecordedPositionNotTheLogEndWhenGroupOffsetsAreGone() throws Exception {
        String pipeline = "expired";
        String topic = servers.namespace().kafkaTopic(pipeline);
        IngestFixtures.createTopic(servers.brokers(), topic, 2, Map.of());
        servers.provisioner().ensureStreams(pipeline);
        SourceDefinition source = latest(servers.source(topic));
        SourceIngest first = ingest(pipeline, source);
        first.start();
        try {
            // Positioned (at the end of the empty topic) once the group has offsets for both partitions.
            await().atMost(IngestFixtures.patience()).until(() -> committedOffsets(pipeline, topic).size() == 2);
            IngestFixtures.produce(servers.brokers(), topic, 2, 0, 1000);
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored(pipeline) == 1000);
        } finally {
            first.close();
        }
        // A pause longer than offsets.retention.minutes: Kafka forgets the group's offsets.
        try (Admin admin = admin()) {
            admin.deleteConsumerGroups(List.of(SourceIngest.groupId(pipeline, "orders"))).all().get();
        }
        IngestFixtures.produce(servers.brokers(), topic, 2, 1000, 1000);

        SourceIngest second = ingest(pipeline, source);
        second.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, topic)) == 2000);
        } finally {
            second.close();
        }

        assertThat(offsetsByPartition(servers.read(pipeline)))
                .containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(1000)));
        assertThat(second.eventsIn()).isEqualTo(1000);
        assertThat(second.lastError()).isNull();
    }

    @Test
    void latestSourceThatNeverDeliveredABatchDoesNotJumpToTheLogEndWhenGroupOffsetsAreGone() throws Exception {
        String pipeline = "quiet";
        String topic = servers.namespace().kafkaTopic(pipeline);
        IngestFixtures.createTopic(servers.brokers(), topic, 2, Map.of());
        // History before the pipeline existed: latest skips it, and it must stay skipped.
        IngestFixtures.produce(servers.brokers(), topic, 2, 0, 100);
        servers.provisioner().ensureStreams(pipeline);
        SourceDefinition source = latest(servers.source(topic));
        SourceIngest first = ingest(pipeline, source);
        first.start();
        try {
            // Started and positioned, but nothing arrives before the pause.
            await().atMost(IngestFixtures.patience()).until(() -> committedOffsets(pipeline, topic).size() == 2);
        } finally {
            first.close();
        }
        try (Admin admin = admin()) {
            admin.deleteConsumerGroups(List.of(SourceIngest.groupId(pipeline, "orders"))).all().get();
        }
        IngestFixtures.produce(servers.brokers(), topic, 2, 100, 600);

        SourceIngest second = ingest(pipeline, source);
        second.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, topic)) == 700);
        } finally {
            second.close();
        }

        List<Long> arrivedWhilePaused = range(350).subList(50, 350);
        assertThat(offsetsByPartition(servers.read(pipeline)))
                .as("offsets stored per partition").containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(arrivedWhilePaused));
    }

    @Test
    void editedTopicStartsFromItsOwnPositionsNotTheOldTopicsOffsets() throws Exception {
        String pipeline = "edited";
        String oldTopic = servers.namespace().kafkaTopic("edited-old");
        String newTopic = servers.namespace().kafkaTopic("edited-new");
        IngestFixtures.createTopic(servers.brokers(), oldTopic, 2, Map.of());
        IngestFixtures.createTopic(servers.brokers(), newTopic, 2, Map.of());
        IngestFixtures.produce(servers.brokers(), oldTopic, 2, 0, 1000);
        IngestFixtures.produce(servers.brokers(), newTopic, 2, 0, 2000);
        servers.provisioner().ensureStreams(pipeline);
        SourceIngest before = ingest(pipeline, IngestFixtures.source("orders", oldTopic, servers.brokers()));
        before.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored(pipeline) == 1000);
        } finally {
            before.close();
        }

        // The pipeline paused, its source edited to read another topic, and resumed.
        SourceIngest after = ingest(pipeline, IngestFixtures.source("orders", newTopic, servers.brokers()));
        after.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, newTopic)) == 2000);
        } finally {
            after.close();
        }

        List<Stored> stored = servers.read(pipeline);
        assertThat(offsetsByPartition(ofTopic(stored, oldTopic)))
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(500)));
        assertThat(offsetsByPartition(ofTopic(stored, newTopic))).as("offsets of the new topic stored per partition")
                .containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(1000)));
        assertThat(after.lastError()).isNull();
    }

    @Test
    void readsAPartitionAddedWhilePausedFromItsStartWhenTheSourceStartedAtLatest() throws Exception {
        String pipeline = "grown";
        String topic = servers.namespace().kafkaTopic(pipeline);
        IngestFixtures.createTopic(servers.brokers(), topic, 1, Map.of());
        servers.provisioner().ensureStreams(pipeline);
        SourceDefinition source = latest(servers.source(topic));
        SourceIngest first = ingest(pipeline, source);
        first.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> committedOffsets(pipeline, topic).size() == 1);
            IngestFixtures.produce(servers.brokers(), topic, 1, 0, 300);
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored(pipeline) == 300);
        } finally {
            first.close();
        }
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
        }
        IngestFixtures.produce(servers.brokers(), topic, 2, 300, 600);

        SourceIngest second = ingest(pipeline, source);
        second.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, topic)) == 900);
        } finally {
            second.close();
        }

        Map<Integer, List<Long>> offsets = offsetsByPartition(servers.read(pipeline));
        assertThat(offsets.get(0)).isEqualTo(range(600));
        assertThat(offsets.get(1)).as("offsets of the added partition").isEqualTo(range(300));
    }

    @Test
    void reportsGapWhenRecordedOffsetWasDeletedByRetention() throws Exception {
        String pipeline = "retention";
        String topic = servers.namespace().kafkaTopic(pipeline);
        IngestFixtures.createTopic(servers.brokers(), topic, 1, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 1000);
        servers.provisioner().ensureStreams(pipeline);
        SourceDefinition source = servers.source(topic);
        SourceIngest first = ingest(pipeline, source);
        first.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored(pipeline) == 1000);
        } finally {
            first.close();
        }
        IngestFixtures.produce(servers.brokers(), topic, 1, 1000, 1000);
        // Retention removes records the pipeline had not read yet while it was paused.
        try (Admin admin = admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1500))).all().get();
        }

        SourceIngest second = ingest(pipeline, source);
        second.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, topic)) == 2000);
        } finally {
            second.close();
        }

        List<Long> expected = new ArrayList<>(range(1000));
        for (long offset = 1500; offset < 2000; offset++) {
            expected.add(offset);
        }
        assertThat(offsetsByPartition(servers.read(pipeline)).get(0))
                .isEqualTo(expected);
        assertThat(second.lastError()).as("the status report's last error")
                .contains("partition 0").contains("offsets 1000 to 1499").contains("500");
    }

    @Test
    void reportsGapWhenRetentionOvertakesARunningConsumer() throws Exception {
        String pipeline = "overtaken";
        String topic = servers.namespace().kafkaTopic(pipeline);
        IngestFixtures.createTopic(servers.brokers(), topic, 1, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 2000);
        servers.provisioner().ensureStreams(pipeline);
        // Small fetches, so that the consumer holds only a few hundred records when it is held up.
        SourceSettings smallFetches = new SourceSettings(100, 512 * 1024, Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(1), 500, Duration.ofMillis(200), Duration.ofMinutes(5),
                Duration.ofSeconds(5), Map.of("max.partition.fetch.bytes", "65536"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        BatchPublisher holdingFirst = new BatchPublisher() {

            @Override
            public CompletableFuture<PublishOutcome> publishBatch(String subject, String messageId, long lastOffset,
                    byte[] envelope) {
                if (held.compareAndSet(false, true)) {
                    // The replica lags: its first publish waits while retention deletes what it has not read.
                    return CompletableFuture.supplyAsync(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return servers.publisher().publishBatch(subject, messageId, lastOffset, envelope).join();
                    });
                }
                return servers.publisher().publishBatch(subject, messageId, lastOffset, envelope);
            }

            @Override
            public CompletableFuture<PublishOutcome> publishDeadLetter(String subject, String messageId,
                    DeadLetterMessage deadLetter) {
                return servers.publisher().publishDeadLetter(subject, messageId, deadLetter);
            }

            @Override
            public void ringLaneBell(String pipelineId) {
                servers.publisher().ringLaneBell(pipelineId);
            }
        };
        SourceIngest ingest = servers.ingest(pipeline, servers.source(topic), smallFetches, holdingFirst, SourceRests.NEVER);

        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).untilTrue(held);
            try (Admin admin = admin()) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1500))).all().get();
            }
            release.countDown();
            await().atMost(IngestFixtures.patience()).until(() -> sum(committedOffsets(pipeline, topic)) == 2000);
        } finally {
            release.countDown();
            ingest.close();
        }

        List<Long> offsets = offsetsByPartition(servers.read(pipeline)).get(0);
        int readBeforeGap = offsets.indexOf(1500L);
        assertThat(readBeforeGap).as("records stored before the gap").isBetween(100, 1499);
        List<Long> expected = new ArrayList<>(range(readBeforeGap));
        for (long offset = 1500; offset < 2000; offset++) {
            expected.add(offset);
        }
        assertThat(offsets).isEqualTo(expected);
        assertThat(ingest.lastError()).as("the status report's last error")
                .contains("partition 0").contains("offsets " + readBeforeGap + " to 1499");
    }

    private static SourceIngest ingest(String pipeline, SourceDefinition source) {
        return servers.ingest(pipeline, source, SETTINGS, servers.publisher(), SourceRests.NEVER);
    }

    private static SourceDefinition latest(SourceDefinition source) {
        return new SourceDefinition(source.id(), source.connection(), source.topic(), InitialOffset.LATEST,
                source.schema(), source.dedup());
    }

    private static List<Stored> ofTopic(List<Stored> stored, String topic) {
        return stored.stream().filter(message -> message.batch().sourceTopic().equals(topic)).toList();
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", servers.brokers()));
    }

    /** The group's committed offsets for the topic's partitions. */
    private static Map<TopicPartition, Long> committedOffsets(String pipeline, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(SourceIngest.groupId(pipeline, "orders"))
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> ofTopic = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                    ofTopic.put(partition, offset.offset());
                }
            });
            return ofTopic;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
