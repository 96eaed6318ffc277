package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.sluice.ingest.IngestFixtures;
import io.sluice.ingest.publish.JetStreamBatchPublisher;
import io.sluice.ingest.publish.JetStreamResumePositions;
import io.sluice.ingest.publish.KvStartPositions;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StoredMessages;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A trickle over several partitions of a topic, against the real Kafka and JetStream: each record
 * is stored about a linger after it was produced, however long the broker may hold an idle fetch.
 * A partition resting for its linger is left out of the fetches sent meanwhile, and Kafka's client
 * sends no second fetch to a broker while one is held there: a record of that partition could wait
 * for the whole idle fetch wait.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class SourceTrickleIntegrationTests {

    // An idle fetch held far longer than any record should take: the longest ingest accepts.
    private static final Duration IDLE_FETCH_WAIT = Duration.ofSeconds(20);

    private static final SourceSettings SETTINGS = new SourceSettings(100, 512 * 1024, Duration.ofMillis(100),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 500, Duration.ofMillis(200),
            Duration.ofMinutes(5), IDLE_FETCH_WAIT, Map.of());

    private static final int ROUNDS = 4;

    private Connection nats;
    private NatsNames names;
    private String brokers;
    private String topic;
    private SourceIngest ingest;

    @BeforeEach
    void start(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        brokers = endpoints.kafkaBootstrapServers();
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        topic = namespace.kafkaTopic("trickle");
        IngestFixtures.createTopic(brokers, topic, 3, Map.of());
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofHours(1), 64L * 1024 * 1024, Duration.ofMinutes(10)))
                .ensureStreams("trickle");
        ingest = new SourceIngest("trickle", IngestFixtures.source("orders", topic, brokers), names, SETTINGS,
                new JetStreamBatchPublisher(nats, names, 64, Duration.ofSeconds(5)), new JetStreamResumePositions(nats),
                new KvStartPositions(nats, names), new SimpleMeterRegistry());
        ingest.start();
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
        nats.jetStreamManagement().deleteStream(names.dataStream("trickle"));
        nats.jetStreamManagement().deleteStream(names.deadLetterStream("trickle"));
        nats.close();
    }

    @Test
    void storesARecordOfAPartitionThatRestedWhileAnotherWasReadAboutALingerAfterItWasProduced() throws Exception {
        int records = 3;
        try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(brokers)) {
            // Every partition read once, so the consumer is assigned and caught up everywhere.
            for (int partition = 0; partition < 3; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, IngestFixtures.event(partition))).get();
            }
            await().atMost(IngestFixtures.patience()).until(() -> IngestFixtures.storedRecords(nats, names, "trickle") == 3);

            // Rounds of three records: one on a partition, which then rests for the linger; one on
            // the next partition 30 ms later; and one on the first again once its rest is over.
            for (int round = 0; round < ROUNDS; round++) {
                send(producer, round % 3, records++);
                Thread.sleep(30);
                send(producer, (round + 1) % 3, records++);
                Thread.sleep(150);
                send(producer, round % 3, records++);
                // Long enough that a record left waiting for the next round shows above the bound.
                Thread.sleep(3_000);
            }
        }
        int produced = records;
        await().atMost(Duration.ofMinutes(1)).until(() -> IngestFixtures.storedRecords(nats, names, "trickle") == produced);

        List<Long> delays = storeDelaysMillis();
        assertThat(delays.subList(3, delays.size())).as("ms from produced to stored, per record of the rounds")
                .hasSize(ROUNDS * 3).allSatisfy(delay -> assertThat(delay).isLessThan(2_000));
    }

    private void send(KafkaProducer<byte[], byte[]> producer, int partition, long id) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, null, IngestFixtures.event(id))).get();
    }

    /** For each stored record, how long after its Kafka timestamp its batch was stored in the stream. */
    private List<Long> storeDelaysMillis() throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        StreamInfo info = jsm.getStreamInfo(names.dataStream("trickle"));
        List<Long> delays = new ArrayList<>();
        for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
            MessageInfo message = StoredMessages.at(jsm, names.dataStream("trickle"), seq).orElse(null);
            if (message == null || message.getData() == null) {
                continue;
            }
            long storedAt = message.getTime().toInstant().toEpochMilli();
            for (BatchRecord record : BatchCodec.decode(message.getData()).records()) {
                delays.add(storedAt - record.kafkaTimestampMillis());
            }
        }
        return delays;
    }
}
