package io.sluice.ingest.kafka;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.IngestFixtures.Stored;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.JetStreamResumePositions;
import io.sluice.ingest.publish.KvStartPositions;
import io.sluice.ingest.publish.PublishOutcome;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source's ingest against the real Kafka and JetStream, with publishes that fail the ways a
 * network makes them fail, to show that the stream ends with every record exactly once.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class SourceIngestIntegrationTests {

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
    void storesEveryRecordExactlyOnceWhenPublishesAreRefusedLostOrLate() throws Exception {
        String topic = servers.namespace().kafkaTopic("flaky");
        IngestFixtures.createTopic(servers.brokers(), topic, 3, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 3, 0, 6000);
        servers.provisioner().ensureStreams("flaky");
        FlakyPublisher flaky = new FlakyPublisher(servers.publisher());
        SourceIngest ingest = servers.ingest("flaky", servers.source(topic), SETTINGS, flaky, SourceRests.NEVER);

        ingest.start();
        try {
            // Says where each partition stands should it ever time out, instead of only "not fulfilled".
            await().atMost(IngestFixtures.patience()).untilAsserted(() -> {
                List<Stored> stored = servers.read("flaky");
                assertThat(stored.stream().mapToLong(batch -> batch.batch().records().size()).sum())
                        .as("records stored, per partition %s; %s; %s; ingest's last error: %s", storedSoFar(stored),
                                IngestFixtures.endOffsets(servers.brokers(), topic), flaky, ingest.lastError())
                        .isGreaterThanOrEqualTo(6000);
                assertThat(flaky.lateOnesLanded()).as("every late publish landed: %s", flaky).isTrue();
            });
            await().atMost(IngestFixtures.patience()).until(() -> committed(topic, "flaky") == 6000);
        } finally {
            ingest.close();
        }

        List<Stored> batches = servers.read("flaky");
        assertThat(offsetsByPartition(batches)).containsOnlyKeys(0, 1, 2)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(2000)));
        assertThat(flaky.refused.get()).isPositive();
        assertThat(flaky.acknowledgementsLost.get()).isPositive();
        assertThat(flaky.late.get()).isPositive();
        assertThat(ingest.lastError()).isNotNull();
        assertThat(ingest.eventsIn()).isEqualTo(6000);
        // Batches whose acknowledgement was lost, or that landed late, are in the stream: counted once each.
        assertThat(ingest.eventsOut()).isEqualTo(6000);
    }

    @Test
    void ringsThePipelinesLaneBellOnceEachAssignedPartitionsFirstBatchIsStored() throws Exception {
        String topic = servers.namespace().kafkaTopic("bell");
        IngestFixtures.createTopic(servers.brokers(), topic, 2, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 2, 0, 200);
        servers.provisioner().ensureStreams("bell");
        List<String> rings = new CopyOnWriteArrayList<>();
        try (Connection listener = Nats.connect(servers.nats().getConnectedUrl())) {
            Dispatcher bell = listener.createDispatcher(message -> rings.add(message.getSubject()));
            bell.subscribe(servers.names().laneBellSubject("bell"));
            listener.flush(Duration.ofSeconds(5));
            SourceIngest ingest = servers.ingest("bell", servers.source(topic), SETTINGS, servers.publisher(),
                    SourceRests.NEVER);
            ingest.start();
            try {
                await().atMost(IngestFixtures.patience()).until(() -> ingest.eventsOut() == 200);
                await().atMost(Duration.ofSeconds(5)).until(() -> rings.size() == 2);
                IngestFixtures.produce(servers.brokers(), topic, 2, 200, 200);
                await().atMost(IngestFixtures.patience()).until(() -> ingest.eventsOut() == 400);
                Thread.sleep(500);
            } finally {
                ingest.close();
            }
        }
        assertThat(rings).as("rings: one per assigned partition, at its first batch").hasSize(2);
    }

    @Test
    void aTrickleLingersIntoFewBatchesAndARecordAfterIdlingIsStoredWithoutWaitingOutTheIdleFetch() throws Exception {
        String topic = servers.namespace().kafkaTopic("trickle");
        IngestFixtures.createTopic(servers.brokers(), topic, 1, Map.of());
        servers.provisioner().ensureStreams("trickle");
        // A linger of a second, and idle fetches the broker holds for 20 s.
        SourceSettings lingering = new SourceSettings(1000, 512 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(1), 500, Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofSeconds(20), Map.of());
        SourceIngest ingest = servers.ingest("trickle", servers.source(topic), lingering, servers.publisher(),
                SourceRests.NEVER);

        ingest.start();
        try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(servers.brokers())) {
            for (int id = 0; id < 20; id++) {
                producer.send(new ProducerRecord<>(topic, 0, null, IngestFixtures.event(id))).get();
                Thread.sleep(25);
            }
            await().atMost(IngestFixtures.patience())
                    .until(() -> servers.stored("trickle") == 20);
            int trickleBatches = servers.read("trickle").size();
            // The first record goes out alone; the partition then rests while the rest gathers.
            assertThat(trickleBatches).as("batches of 20 records sent 25 ms apart with a linger of 1 s")
                    .isBetween(2, 4);

            // Idle now: the broker holds the consumer's fetch for up to 20 s, unless a record comes.
            Thread.sleep(3000);
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, 0, null, IngestFixtures.event(20))).get();
            await().atMost(IngestFixtures.patience())
                    .until(() -> servers.stored("trickle") == 21);
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .as("a record ends the broker's wait of an idle fetch")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            ingest.close();
        }

        assertThat(offsetsByPartition(servers.read("trickle")).get(0))
                .isEqualTo(range(21));
    }

    @Test
    void resumesFromTheStreamWhenKafkasCommittedOffsetsAreBehind() throws Exception {
        String topic = servers.namespace().kafkaTopic("resume");
        IngestFixtures.createTopic(servers.brokers(), topic, 2, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 2, 0, 1000);
        servers.provisioner().ensureStreams("resume");
        SourceDefinition source = servers.source(topic);
        SourceIngest first = servers.ingest("resume", source, SETTINGS, servers.publisher(), SourceRests.NEVER);
        first.start();
        await().atMost(IngestFixtures.patience()).until(() -> servers.stored("resume") == 1000);
        first.close();
        // As if the replica had died between JetStream's acknowledgement and the commit.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.brokers()))) {
            admin.alterConsumerGroupOffsets(SourceIngest.groupId("resume", "orders"),
                    Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0), new TopicPartition(topic, 1),
                            new OffsetAndMetadata(0))).all().get();
        }
        IngestFixtures.produce(servers.brokers(), topic, 2, 1000, 1000);

        SourceIngest second = servers.ingest("resume", source, SETTINGS, servers.publisher(), SourceRests.NEVER);
        second.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> committed(topic, "resume") == 2000);
        } finally {
            second.close();
        }

        assertThat(offsetsByPartition(servers.read("resume")))
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(1000)));
        assertThat(second.eventsIn()).isEqualTo(1000);
    }

    @Test
    void waitsForTheStreamToAnswerBeforeReadingAPartition() throws Exception {
        String topic = servers.namespace().kafkaTopic("unanswered");
        IngestFixtures.createTopic(servers.brokers(), topic, 1, Map.of());
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 300);
        servers.provisioner().ensureStreams("unanswered");
        AtomicInteger asked = new AtomicInteger();
        ResumePositions real = new JetStreamResumePositions(servers.nats());
        ResumePositions down = (stream, subject) -> {
            if (asked.incrementAndGet() <= 3) {
                throw new IOException("NATS is down");
            }
            return real.lastStoredBatch(stream, subject);
        };
        SourceIngest ingest = new SourceIngest("unanswered", servers.source(topic), servers.names(), SETTINGS,
                servers.publisher(), down, new KvStartPositions(servers.nats(), servers.names()), new SimpleMeterRegistry());

        ingest.start();
        try {
            await().atMost(IngestFixtures.patience())
                    .until(() -> servers.stored("unanswered") == 300);
        } finally {
            ingest.close();
        }

        assertThat(asked.get()).isGreaterThan(3);
        assertThat(ingest.lastError()).isEqualTo("NATS is down");
        List<Stored> batches = servers.read("unanswered");
        assertThat(offsetsByPartition(batches).get(0)).isEqualTo(range(300));
        assertThat(batches).allSatisfy(stored -> {
            Batch batch = stored.batch();
            assertThat(batch.records()).hasSizeLessThanOrEqualTo(100);
            assertThat(stored.headers()).containsEntry(NatsNames.LAST_OFFSET_HEADER, Long.toString(batch.lastOffset()))
                    .containsEntry("Nats-Msg-Id", NatsNames.batchMessageId("unanswered", "orders", topic, 0, batch.firstOffset()));
        });
    }

    /** Per partition: how many records are stored and the last stored offset. */
    private static Map<Integer, String> storedSoFar(List<Stored> batches) {
        Map<Integer, String> summary = new TreeMap<>();
        offsetsByPartition(batches).forEach((partition, offsets) -> summary.put(partition,
                offsets.size() + " up to offset " + offsets.get(offsets.size() - 1)));
        return summary;
    }

    private static long committed(String topic, String pipelineId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.brokers()))) {
            ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(SourceIngest.groupId(pipelineId, "orders"));
            return result.partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
    }

    /**
     * The real publisher, but some publishes fail: refused before anything is stored, stored with
     * the acknowledgement lost, or stored only after the failure was reported.
     */
    private static final class FlakyPublisher implements BatchPublisher {

        final AtomicInteger refused = new AtomicInteger();

        final AtomicInteger acknowledgementsLost = new AtomicInteger();

        final AtomicInteger late = new AtomicInteger();

        private final AtomicInteger lateLanded = new AtomicInteger();

        private final AtomicInteger count = new AtomicInteger();

        private final BatchPublisher real;

        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

        FlakyPublisher(BatchPublisher real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<PublishOutcome> publishBatch(String subject, String messageId, long lastOffset,
                byte[] envelope) {
            int n = count.incrementAndGet();
            if (n % 11 == 3) {
                refused.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("refused: " + messageId));
            }
            if (n % 11 == 7) {
                real.publishBatch(subject, messageId, lastOffset, envelope).join();
                acknowledgementsLost.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("acknowledgement lost: " + messageId));
            }
            if (n % 23 == 10) {
                late.incrementAndGet();
                later.schedule(() -> real.publishBatch(subject, messageId, lastOffset, envelope)
                        .whenComplete((outcome, failure) -> lateLanded.incrementAndGet()), 300, TimeUnit.MILLISECONDS);
                return CompletableFuture.failedFuture(new IOException("timed out: " + messageId));
            }
            return real.publishBatch(subject, messageId, lastOffset, envelope);
        }

        @Override
        public CompletableFuture<PublishOutcome> publishDeadLetter(String subject, String messageId,
                DeadLetterMessage deadLetter) {
            return real.publishDeadLetter(subject, messageId, deadLetter);
        }

        @Override
        public void ringLaneBell(String pipelineId) {
            real.ringLaneBell(pipelineId);
        }

        boolean lateOnesLanded() {
            return lateLanded.get() == late.get();
        }

        @Override
        public String toString() {
            return "publishes " + count + ": refused " + refused + ", acknowledgement lost " + acknowledgementsLost
                    + ", late " + late + " of which landed " + lateLanded;
        }
    }
}
