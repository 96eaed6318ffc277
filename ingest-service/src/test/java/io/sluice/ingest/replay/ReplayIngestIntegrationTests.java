package io.sluice.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.ingest.ControlBuckets;
import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.IngestFixtures.Stored;
import io.sluice.model.control.DesiredState;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.Schema;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.key.KeyEncoding;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Dead letters replayed into a running ingest service, published to the replay subject exactly
 * as the api-service's {@code POST /api/v1/pipelines/{id}/dlq/replay} does, against the real
 * Kafka and NATS. The service runs with a 2 s duplicate window, so "after the window" is reachable.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class ReplayIngestIntegrationTests {

    private static final String REPLICA = "ingest-replay-it";

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
                "--sluice.worker.duplicate-window=2s");
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        buckets.remove();
        IngestFixtures.deleteStreams(nats, namespace.natsPrefix());
        try {
            nats.keyValueManagement().delete(names.replayLedgerBucket());
        } catch (Exception e) {
            // Never created: nothing to clean.
        }
        nats.close();
    }

    @Test
    void takesADeadLetterInAgainAtItsOriginalPositionOnceTheSchemaWasFixed() throws Exception {
        String topic = topicWith("fixed", event(0, "0"), event(1, "\"one\""), event(2, "2"));
        buckets.put(pipeline("fixed", topic, FieldType.INT), DesiredState.RUNNING, 1);
        await().atMost(IngestFixtures.patience()).until(() -> deadLetters("fixed").size() == 1);
        assertThat(deadLetters("fixed").get(0).reason()).isEqualTo("field user.id is string, schema says int");

        // As through the API: stop, replay (the replay waits in the stream), edit so that user ids
        // may be strings, start.
        stop("fixed", topic, 2);
        String replayId = replay("fixed", 1, true);
        buckets.put(pipeline("fixed", topic, FieldType.STRING), DesiredState.RUNNING, 3);

        await().atMost(IngestFixtures.patience()).until(() -> replayed("fixed").size() == 1);
        Stored stored = replayed("fixed").get(0);
        Batch batch = stored.batch();
        assertThat(batch.sourceTopic()).isEqualTo(topic);
        assertThat(batch.partition()).isZero();
        assertThat(batch.records()).singleElement().satisfies(record -> {
            assertThat(record.offset()).isEqualTo(1);
            assertThat(record.json()).isEqualTo(event(1, "\"one\""));
            assertThat(KeyEncoding.decode(record.key())).containsExactly("1");
        });
        assertThat(stored.headers()).containsEntry("Nats-Msg-Id", "ingest:" + replayId);
        // Kafka's flow goes on from where it was: the replayed old offset moved no partition back.
        MessageInfo last = nats.jetStreamManagement().getLastMessage(names.dataStream("fixed"),
                names.ingestSubject("fixed", "web", 0));
        assertThat(last.getHeaders().getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo("2");
        assertThat(deadLetters("fixed")).isEmpty();
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        assertThat(meters.get("sluice.ingest.replayed").tags("pipeline", "fixed", "outcome", "published").counter().count())
                .isEqualTo(1);
    }

    @Test
    void sendsAReplayThatIsStillBadBackToTheDeadLettersWithItsReasonAndStallsNothing() throws Exception {
        byte[] missingKey = "{\"payload\":\"no id\"}".getBytes(StandardCharsets.UTF_8);
        String topic = topicWith("still-bad", missingKey, event(1, "1"));
        buckets.put(pipeline("still-bad", topic, FieldType.INT), DesiredState.RUNNING, 1);
        await().atMost(IngestFixtures.patience()).until(() -> deadLetters("still-bad").size() == 1);

        replay("still-bad", 1, true);

        await().atMost(IngestFixtures.patience()).untilAsserted(() -> assertThat(deadLetters("still-bad"))
                .singleElement().satisfies(deadLetter -> {
                    assertThat(deadLetter.reason()).isEqualTo("missing key field id");
                    assertThat(deadLetter.position()).isEqualTo(new SourcePosition(topic, 0, 0));
                    assertThat(deadLetter.stage()).isEqualTo(DeadLetter.INGEST);
                    assertThat(deadLetter.original()).isEqualTo(missingKey);
                }));
        assertThat(replayed("still-bad")).isEmpty();
        // The dead letter is published, then the ledger written, then the replay acknowledged, and
        // that acknowledgement is sent without waiting for the server's answer: it may land after
        // the dead letter is visible (CI caught 1 pending in the moment between).
        await().atMost(IngestFixtures.patience()).until(() -> replayConsumer("still-bad").getNumAckPending() == 0);
        // It can be replayed again (once the cause is fixed): the new dead letter is a new replay.
        replay("still-bad", 2, true);
        await().atMost(IngestFixtures.patience()).until(() -> deadLetterSequences("still-bad").equals(List.of(3L)));
        try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(brokers)) {
            producer.send(new ProducerRecord<>(topic, 0, null, event(2, "2"))).get();
        }
        await().atMost(IngestFixtures.patience()).until(() -> partitionRecords("still-bad") == 2);
    }

    @Test
    void takesADeadLetterInOnceWhenItIsReplayedAgainAfterTheDuplicateWindow() throws Exception {
        String topic = topicWith("twice", event(0, "\"zero\""));
        buckets.put(pipeline("twice", topic, FieldType.INT), DesiredState.RUNNING, 1);
        await().atMost(IngestFixtures.patience()).until(() -> deadLetters("twice").size() == 1);
        stop("twice", topic, 2);
        buckets.put(pipeline("twice", topic, FieldType.STRING), DesiredState.RUNNING, 3);

        // The first replay's removal from the queue "failed", so the user asks again, later.
        replay("twice", 1, false);
        await().atMost(IngestFixtures.patience()).until(() -> replayed("twice").size() == 1);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        replay("twice", 1, true);

        MeterRegistry meters = service.getBean(MeterRegistry.class);
        await().atMost(IngestFixtures.patience()).until(() -> {
            var skipped = meters.find("sluice.ingest.replayed").tags("pipeline", "twice", "outcome", "already-replayed").counter();
            return skipped != null && skipped.count() == 1;
        });
        // The counter above saw the second request handled: stored, the duplicate window having passed.
        assertThat(IngestFixtures.read(nats, names.dataStream("twice"), names.replaySubject("twice")))
                .as("handled replay requests are deleted from the data stream").isEmpty();
        assertThat(replayed("twice")).hasSize(1);
        assertThat(deadLetters("twice")).isEmpty();
    }

    @Test
    void sendsAReplayWhoseTopicNoSourceReadsBackToTheDeadLetters() throws Exception {
        String topic = topicWith("moved", event(0, "0"));
        buckets.put(pipeline("moved", topic, FieldType.INT), DesiredState.RUNNING, 1);
        await().atMost(IngestFixtures.patience()).until(() -> partitionRecords("moved") == 1);
        byte[] event = event(9, "9");

        publishReplay("moved", "replay:elsewhere:1:2024-05-01T12:00:00Z", "old-topic/0/9", event);

        await().atMost(IngestFixtures.patience()).untilAsserted(() -> assertThat(deadLetters("moved"))
                .singleElement().satisfies(deadLetter -> {
                    assertThat(deadLetter.reason()).isEqualTo("cannot replay: no source of pipeline moved reads topic old-topic now");
                    assertThat(deadLetter.position()).isEqualTo(new SourcePosition("old-topic", 0, 9));
                    assertThat(deadLetter.original()).isEqualTo(event);
                }));
        assertThat(replayed("moved")).isEmpty();
    }

    /** Stops the pipeline's ingest, as an edit through the API requires, and waits until it did. */
    private static void stop(String pipeline, String topic, long revision) throws Exception {
        await().atMost(IngestFixtures.patience()).until(() -> buckets.status(pipeline, REPLICA) != null);
        buckets.put(pipeline(pipeline, topic, FieldType.INT), DesiredState.STOPPED, revision);
        await().atMost(IngestFixtures.patience()).until(() -> buckets.status(pipeline, REPLICA) == null);
    }

    /** {@code {"id":<id>,"user":{"id":<userId>},"payload":"p"}}, the user id as JSON text. */
    private static byte[] event(long id, String userId) {
        return ("{\"id\":" + id + ",\"user\":{\"id\":" + userId + "},\"payload\":\"p\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String topicWith(String name, byte[]... values) throws Exception {
        String topic = namespace.kafkaTopic(name);
        IngestFixtures.createTopic(brokers, topic, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(brokers)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            }
        }
        return topic;
    }

    private static PipelineDefinition pipeline(String id, String topic, FieldType userIdType) {
        Schema schema = new Schema(List.of(new FieldDefinition("id", FieldType.INT),
                new FieldDefinition("user.id", userIdType), new FieldDefinition("payload", FieldType.STRING)));
        SourceDefinition fixture = IngestFixtures.source("web", topic, brokers);
        return IngestFixtures.pipeline(id, new SourceDefinition("web", fixture.connection(), topic, fixture.initialOffset(),
                schema, new DedupDefinition(List.of("id"), Window.parse("1h"))));
    }

    /**
     * What the api-service's replay does with the dead letter at {@code sequence}: republish its
     * bytes to the replay subject with its source position and a deterministic id, then (unless
     * {@code remove} is false, as when that removal failed) delete it from the queue.
     * @return the replay's id
     */
    private static String replay(String pipeline, long sequence, boolean remove) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        String stream = names.deadLetterStream(pipeline);
        MessageInfo deadLetter = jsm.getMessage(stream, sequence);
        String replayId = "replay:" + stream + ":" + sequence + ":" + deadLetter.getTime().toInstant();
        publishReplay(pipeline, replayId, deadLetter.getHeaders().getFirst(DeadLetterCodec.SOURCE_POSITION_HEADER),
                deadLetter.getData());
        if (remove) {
            jsm.deleteMessage(stream, sequence, false);
        }
        return replayId;
    }

    private static void publishReplay(String pipeline, String replayId, String position, byte[] data) throws Exception {
        Headers headers = new Headers().put(DeadLetterCodec.PIPELINE_HEADER, pipeline)
                .put("Sluice-Replay-Of", replayId).put(DeadLetterCodec.SOURCE_POSITION_HEADER, position);
        nats.jetStream().publish(NatsMessage.builder().subject(names.replaySubject(pipeline)).headers(headers).data(data).build(),
                PublishOptions.builder().expectedStream(names.dataStream(pipeline)).messageId(replayId).build());
    }

    private static List<DeadLetter> deadLetters(String pipeline) throws Exception {
        return IngestFixtures.read(nats, names.deadLetterStream(pipeline), null).stream()
                .map(stored -> DeadLetterCodec.decode(stored.headers(), stored.data())).toList();
    }

    private static List<Long> deadLetterSequences(String pipeline) throws Exception {
        var state = nats.jetStreamManagement().getStreamInfo(names.deadLetterStream(pipeline)).getStreamState();
        return state.getMsgCount() == 0 ? List.of()
                : java.util.stream.LongStream.rangeClosed(state.getFirstSequence(), state.getLastSequence()).boxed().toList();
    }

    private static List<Stored> replayed(String pipeline) throws Exception {
        String subject = names.ingestReplaySubject(pipeline, "web");
        return IngestFixtures.read(nats, names.dataStream(pipeline), subject).stream()
                .filter(stored -> stored.subject().equals(subject)).toList();
    }

    private static long partitionRecords(String pipeline) throws Exception {
        long records = 0;
        for (Stored stored : IngestFixtures.read(nats, names.dataStream(pipeline), names.ingestSubject(pipeline, "web", 0))) {
            for (BatchRecord ignored : stored.batch().records()) {
                records++;
            }
        }
        return records;
    }

    private static ConsumerInfo replayConsumer(String pipeline) throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(names.dataStream(pipeline), "ingest-replay");
    }
}
