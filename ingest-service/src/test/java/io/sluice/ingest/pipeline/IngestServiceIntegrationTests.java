package io.sluice.ingest.pipeline;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.sluice.ingest.ControlBuckets;
import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.IngestFixtures.Stored;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.key.KeyEncoding;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.KafkaSecuredListeners;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingest service as a whole, driven the way the api-service drives it: pipeline control
 * values in the real definitions bucket, data from the real Kafka, output in the real streams.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class IngestServiceIntegrationTests {

    private static final String REPLICA = "ingest-it";

    private static final int MAX_RECORDS = 500;

    private static Connection nats;

    private static NatsNames names;

    private static ControlBuckets buckets;

    private static ConfigurableApplicationContext service;

    private static String brokers;

    private static TestNamespace namespace;

    @BeforeAll
    static void startService(LocalEndpoints endpoints, TestNamespace testNamespace) throws Exception {
        namespace = testNamespace;
        brokers = endpoints.kafkaBootstrapServers();
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        buckets = ControlBuckets.create(nats, names);
        service = IngestFixtures.startService(endpoints.natsUrl(), namespace.natsPrefix(), REPLICA,
                "--sluice.ingest.batch.max-records=" + MAX_RECORDS);
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        buckets.remove();
        IngestFixtures.deleteStreams(nats, namespace.natsPrefix());
        nats.close();
    }

    @Test
    void readsASourceThroughSaslSslWithTheGivenCaCertificate() throws Exception {
        KafkaSecuredListeners secured = KafkaSecuredListeners.fromEnvironment();
        Assumptions.assumeTrue(secured.available(), "this Kafka has no secured listeners (deploy/local/servers.sh starts them)");
        String topic = namespace.kafkaTopic("secured");
        IngestFixtures.createTopic(brokers, topic, 2, Map.of());
        IngestFixtures.produce(brokers, topic, 2, 0, 1_000);
        SourceDefinition plain = IngestFixtures.source("web", topic, brokers);
        KafkaConnection saslSsl = new KafkaConnection(List.of(secured.saslSsl()), SecurityProtocol.SASL_SSL, SaslMechanism.PLAIN,
                KafkaSecuredListeners.PLAIN_USER, KafkaSecuredListeners.PLAIN_PASSWORD, secured.caCertificatePem(), false);
        PipelineDefinition pipeline = IngestFixtures.pipeline("secured", new SourceDefinition(plain.id(), saslSsl, topic,
                plain.initialOffset(), plain.schema(), plain.dedup()));

        buckets.put(pipeline, DesiredState.RUNNING, 1);

        awaitStored("secured", topic, 1_000);
        assertThat(offsetsByPartition(IngestFixtures.read(nats, names.dataStream("secured"), null)))
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(offsets.size())));
        buckets.put(pipeline, DesiredState.STOPPED, 2);
    }

    @Test
    void storesEveryRecordExactlyOnceInBatchesOfOnePartitionAndCommitsForLag() throws Exception {
        String topic = namespace.kafkaTopic("orders");
        IngestFixtures.createTopic(brokers, topic, 3, Map.of());
        IngestFixtures.produce(brokers, topic, 3, 0, 10_000);
        PipelineDefinition orders = IngestFixtures.pipeline("orders", IngestFixtures.source("web", topic, brokers));

        buckets.put(orders, DesiredState.RUNNING, 1);

        awaitStored("orders", topic, 10_000);
        List<Stored> batches = IngestFixtures.read(nats, names.dataStream("orders"), null);
        assertThat(offsetsByPartition(batches)).containsOnlyKeys(0, 1, 2).allSatisfy((partition, offsets) ->
                assertThat(offsets).as("offsets of partition %d", partition).isEqualTo(range(offsets.size())));
        assertThat(offsetsByPartition(batches).values().stream().mapToInt(List::size).sum()).isEqualTo(10_000);
        for (Stored stored : batches) {
            Batch batch = stored.batch();
            assertThat(stored.subject()).isEqualTo(names.ingestSubject("orders", "web", batch.partition()));
            assertThat(batch.sourceTopic()).isEqualTo(topic);
            assertThat(batch.records()).hasSizeBetween(1, MAX_RECORDS);
            assertThat(stored.data().length).isLessThanOrEqualTo(900 * 1024);
            assertThat(stored.headers()).containsEntry("Nats-Msg-Id",
                    NatsNames.batchMessageId("orders", "web", topic, batch.partition(), batch.firstOffset()))
                    .containsEntry(NatsNames.LAST_OFFSET_HEADER, Long.toString(batch.lastOffset()));
            for (BatchRecord record : batch.records()) {
                // Event i went to partition i % 3 in order, so offset o of partition p is event 3o + p.
                long id = record.offset() * 3 + batch.partition();
                assertThat(record.json()).isEqualTo(IngestFixtures.event(id));
                assertThat(KeyEncoding.decode(record.key())).containsExactly(Long.toString(id));
            }
        }
        await().atMost(IngestFixtures.patience()).until(() -> committed(topic, "orders") == 10_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WorkerStatus status = buckets.status("orders", REPLICA);
            assertThat(status).isNotNull();
            assertThat(status.state()).isEqualTo(WorkerState.RUNNING);
            assertThat(status.eventsIn()).isEqualTo(10_000);
            assertThat(status.eventsOut()).isEqualTo(10_000);
            assertThat(status.deadLetters()).isZero();
        });
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        assertThat(meters.get("sluice.ingest.events.out").tag("pipeline", "orders").counter().count()).isEqualTo(10_000);
        assertThat(meters.get("sluice.ingest.batch.size").tag("pipeline", "orders").summary().count())
                .isEqualTo(batches.size());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("sluice.ingest.kafka.lag").tag("pipeline", "orders").gauge().value() == 0);
    }

    @Test
    void sendsEachMalformedRecordToTheDeadLettersWithItsReasonAndPositionAndStoresTheRest() throws Exception {
        String topic = namespace.kafkaTopic("bad");
        IngestFixtures.createTopic(brokers, topic, 1, Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024)));
        byte[] invalidUtf8 = "{\"id\":4,\"payload\":\"caf??\"}".getBytes(StandardCharsets.US_ASCII);
        invalidUtf8[24] = (byte) 0xc3;
        invalidUtf8[25] = (byte) 0x28;
        byte[] huge = ("{\"id\":6,\"payload\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = List.of(IngestFixtures.event(0), "{\"id\":1,".getBytes(StandardCharsets.UTF_8),
                IngestFixtures.event(2), "{\"payload\":\"no id\"}".getBytes(StandardCharsets.UTF_8),
                "{\"id\":3,\"user\":{\"id\":\"three\"}}".getBytes(StandardCharsets.UTF_8), invalidUtf8,
                IngestFixtures.event(5), huge, IngestFixtures.event(7));
        try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(brokers)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            }
        }

        buckets.put(IngestFixtures.pipeline("bad-input", IngestFixtures.source("web", topic, brokers)), DesiredState.RUNNING, 1);

        await().atMost(IngestFixtures.patience()).until(() -> committed(topic, "bad-input") == values.size());
        List<DeadLetter> deadLetters = IngestFixtures.read(nats, names.deadLetterStream("bad-input"), null).stream()
                .map(stored -> DeadLetterCodec.decode(stored.headers(), stored.data())).toList();
        assertThat(deadLetters).extracting(DeadLetter::position).containsExactly(position(topic, 1), position(topic, 3),
                position(topic, 4), position(topic, 5), position(topic, 7));
        assertThat(deadLetters.get(0).reason()).startsWith("not valid JSON: Unexpected end-of-input");
        assertThat(deadLetters.get(1).reason()).isEqualTo("missing key field id");
        assertThat(deadLetters.get(2).reason()).isEqualTo("field user.id is string, schema says int");
        assertThat(deadLetters.get(3).reason()).isEqualTo("not valid JSON: invalid UTF-8 at byte 24");
        assertThat(deadLetters.get(4).reason()).startsWith("event of " + huge.length + " bytes exceeds the maximum of ");
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            assertThat(deadLetter.pipelineId()).isEqualTo("bad-input");
            assertThat(deadLetter.stage()).isEqualTo(DeadLetter.INGEST);
        });
        for (int i = 0; i < 4; i++) {
            assertThat(deadLetters.get(i).original()).isEqualTo(values.get((int) deadLetters.get(i).position().offset()));
        }
        assertThat(deadLetters.get(4).original()).isEqualTo(Arrays.copyOf(huge, 900 * 1024));
        List<Stored> batches = IngestFixtures.read(nats, names.dataStream("bad-input"), null);
        assertThat(offsetsByPartition(batches).get(0)).containsExactly(0L, 2L, 6L, 8L);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(buckets.status("bad-input", REPLICA).deadLetters()).isEqualTo(5));
    }

    @Test
    void pausesAndResumesAsTheDesiredStateChanges() throws Exception {
        String topic = namespace.kafkaTopic("pausing");
        IngestFixtures.createTopic(brokers, topic, 2, Map.of());
        PipelineDefinition pausing = IngestFixtures.pipeline("pausing", IngestFixtures.source("web", topic, brokers));
        IngestFixtures.produce(brokers, topic, 2, 0, 1000);
        buckets.put(pausing, DesiredState.RUNNING, 1);
        awaitStored("pausing", topic, 1000);

        buckets.put(pausing, DesiredState.PAUSED, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerState.PAUSED.equals(statusState("pausing")));
        // Paused, the consumers left the group after committing everything stored.
        assertThat(committed(topic, "pausing")).isEqualTo(1000);
        IngestFixtures.produce(brokers, topic, 2, 1000, 1000);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> IngestFixtures.storedRecords(nats, names, "pausing") == 1000);

        buckets.put(pausing, DesiredState.RUNNING, 3);

        awaitStored("pausing", topic, 2000);
        assertThat(offsetsByPartition(IngestFixtures.read(nats, names.dataStream("pausing"), null)))
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(1000)));
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerState.RUNNING.equals(statusState("pausing")));
    }

    @Test
    void showsRecordsRetentionDeletedWhilePausedInTheWorkerStatus() throws Exception {
        String topic = namespace.kafkaTopic("retained");
        IngestFixtures.createTopic(brokers, topic, 1, Map.of());
        PipelineDefinition retained = IngestFixtures.pipeline("retained", IngestFixtures.source("web", topic, brokers));
        IngestFixtures.produce(brokers, topic, 1, 0, 500);
        buckets.put(retained, DesiredState.RUNNING, 1);
        awaitStored("retained", topic, 500);
        buckets.put(retained, DesiredState.PAUSED, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerState.PAUSED.equals(statusState("retained")));
        IngestFixtures.produce(brokers, topic, 1, 500, 500);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(800))).all().get();
        }

        buckets.put(retained, DesiredState.RUNNING, 3);

        await().atMost(IngestFixtures.patience()).until(() -> committed(topic, "retained") == 1000);
        List<Long> expected = new ArrayList<>(range(500));
        expected.addAll(range(1000).subList(800, 1000));
        assertThat(offsetsByPartition(IngestFixtures.read(nats, names.dataStream("retained"), null)).get(0))
                .isEqualTo(expected);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(buckets.status("retained", REPLICA).lastError())
                .isEqualTo("partition 0 of topic " + topic + ": offsets 500 to 799 (300 records) were deleted from Kafka"
                        + " (retention) before the pipeline read them: lost; reading from offset 800"));
    }

    @Test
    void readsAnEditedTopicFromItsOwnStartWhenThePausedPipelineResumes() throws Exception {
        String before = namespace.kafkaTopic("renamed-before");
        String after = namespace.kafkaTopic("renamed-after");
        IngestFixtures.createTopic(brokers, before, 2, Map.of());
        IngestFixtures.createTopic(brokers, after, 2, Map.of());
        IngestFixtures.produce(brokers, before, 2, 0, 600);
        IngestFixtures.produce(brokers, after, 2, 0, 1000);
        buckets.put(IngestFixtures.pipeline("renamed", IngestFixtures.source("web", before, brokers)), DesiredState.RUNNING, 1);
        awaitStored("renamed", before, 600);
        buckets.put(IngestFixtures.pipeline("renamed", IngestFixtures.source("web", before, brokers)), DesiredState.PAUSED, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerState.PAUSED.equals(statusState("renamed")));

        // Edited while paused, as the api-service publishes an edit, then resumed.
        buckets.put(IngestFixtures.pipeline("renamed", IngestFixtures.source("web", after, brokers)), DesiredState.PAUSED, 3);
        buckets.put(IngestFixtures.pipeline("renamed", IngestFixtures.source("web", after, brokers)), DesiredState.RUNNING, 4);

        await().atMost(IngestFixtures.patience()).until(() -> committed(after, "renamed") == 1000);
        List<Stored> stored = IngestFixtures.read(nats, names.dataStream("renamed"), null);
        assertThat(offsetsByPartition(stored.stream().filter(message -> message.batch().sourceTopic().equals(after)).toList()))
                .as("offsets of the edited topic").containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(500)));
    }

    /**
     * Waits until the pipeline's stream holds at least this many records. A timeout says how many
     * it holds, what the topic holds and what the worker reports (state, counts, last error)
     * instead of only "not fulfilled"; a read that NATS times out is tried again.
     */
    private static void awaitStored(String pipelineId, String topic, long atLeast) {
        await().atMost(IngestFixtures.patience()).ignoreExceptions().untilAsserted(() ->
                assertThat(IngestFixtures.storedRecords(nats, names, pipelineId))
                        .as(() -> "records stored by pipeline " + pipelineId + "; "
                                + IngestFixtures.endOffsets(brokers, topic) + "; worker status " + statusOf(pipelineId))
                        .isGreaterThanOrEqualTo(atLeast));
    }

    /** The worker's status for a failure message, read only when one is written. */
    private static String statusOf(String pipelineId) {
        try {
            return String.valueOf(buckets.status(pipelineId, REPLICA));
        } catch (Exception e) {
            return "unreadable (" + e + ")";
        }
    }

    private static WorkerState statusState(String pipelineId) throws Exception {
        WorkerStatus status = buckets.status(pipelineId, REPLICA);
        return status == null ? null : status.state();
    }

    private static SourcePosition position(String topic, long offset) {
        return new SourcePosition(topic, 0, offset);
    }

    private static long committed(String topic, String pipelineId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            return admin.listConsumerGroupOffsets("sluice-" + pipelineId + "-web").partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
    }
}
