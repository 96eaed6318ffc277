package io.sluice.ingest.kafka;

import static io.sluice.ingest.IngestFixtures.offsetsByPartition;
import static io.sluice.ingest.IngestFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sluice.ingest.IngestFixtures;
import io.sluice.kafka.KafkaClientProperties;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A quiet source's consumer rests ({@link SourceRests}): against the real Kafka and JetStream, it
 * closes once it had nothing to read for the rest's length, wakes for a record, and stores every
 * record once across rests.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS })
class SourceRestIntegrationTests {

    private static final SourceSettings SETTINGS = new SourceSettings(100, 512 * 1024, Duration.ofMillis(20),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 500, Duration.ofMillis(200),
            Duration.ofMinutes(5), Duration.ofSeconds(1), Map.of());

    private static final Duration REST_AFTER = Duration.ofSeconds(2);

    private KafkaSourceRests rests;

    private static SourceServers servers;

    @BeforeAll
    static void connect(LocalEndpoints endpoints, TestNamespace testNamespace) throws Exception {
        servers = SourceServers.connect(endpoints, testNamespace);
    }

    @AfterAll
    static void removeStreams() throws Exception {
        servers.close();
    }

    @BeforeEach
    void watch() {
        // Groups read again every 3 s though no end moved (30 s in the service), for the test of a group set back.
        rests = new KafkaSourceRests(REST_AFTER, Duration.ofMillis(500), 500, Duration.ofSeconds(3));
    }

    @AfterEach
    void stopWatching() {
        rests.close();
    }

    @Test
    void aQuietSourceClosesItsConsumerAndTheNextRecordWakesItWithNothingStoredTwice() throws Exception {
        String topic = topic("quiet", 2);
        IngestFixtures.produce(servers.brokers(), topic, 2, 0, 100);
        SourceIngest ingest = source("quiet", topic);
        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored("quiet") == 100);
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
            assertThat(consumerThreads("quiet")).as("the consumer's thread is gone").isZero();
            assertThat(members("quiet")).as("the consumer left its group").isZero();
            assertThat(rests.resting()).isEqualTo(1);
            assertThat(committed("quiet", topic)).containsExactly(50L, 50L);

            IngestFixtures.produce(servers.brokers(), topic, 2, 100, 100);

            await().atMost(IngestFixtures.patience()).until(() -> servers.stored("quiet") == 200);
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
        } finally {
            ingest.close();
        }
        assertThat(offsetsByPartition(servers.read("quiet"))).containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(100)));
        assertThat(ingest.eventsIn()).isEqualTo(200);
        assertThat(committed("quiet", topic)).containsExactly(100L, 100L);
    }

    @Test
    void twoReplicasOfASourceBothRestAndBothWakeForTheNextRecordsStoringEachOnce() throws Exception {
        String topic = topic("pair", 2);
        IngestFixtures.produce(servers.brokers(), topic, 2, 0, 100);
        SourceIngest first = source("pair", topic);
        SourceIngest second = source("pair", topic);
        first.start();
        second.start();
        try {
            // Whichever rests first leaves the other all partitions, which then rests as well.
            await().atMost(IngestFixtures.patience()).until(() -> first.resting() && second.resting());
            assertThat(members("pair")).isZero();
            assertThat(committed("pair", topic)).containsExactly(50L, 50L);

            IngestFixtures.produce(servers.brokers(), topic, 2, 100, 100);

            await().atMost(IngestFixtures.patience()).until(() -> servers.stored("pair") == 200);
            await().atMost(IngestFixtures.patience()).until(() -> first.resting() && second.resting());
        } finally {
            first.close();
            second.close();
        }
        assertThat(offsetsByPartition(servers.read("pair"))).containsOnlyKeys(0, 1)
                .allSatisfy((partition, offsets) -> assertThat(offsets).isEqualTo(range(100)));
        assertThat(committed("pair", topic)).containsExactly(100L, 100L);
    }

    @Test
    void aRestingSourceWakesWhenItsGroupWasLeftBehindWithNoMemberReadingAndReadsOnFromTheStream() throws Exception {
        String topic = topic("behind", 1);
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 40);
        SourceIngest ingest = source("behind", topic);
        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
            assertThat(servers.stored("behind")).isEqualTo(40);

            // As a replica that died before it rested leaves it: committed behind the topic's end.
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.brokers()))) {
                admin.alterConsumerGroupOffsets(SourceIngest.groupId("behind", "orders"),
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(10))).all().get();
            }

            await().atMost(IngestFixtures.patience()).until(() -> !ingest.resting());
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
        } finally {
            ingest.close();
        }
        // It read on from what the stream holds: nothing twice.
        assertThat(offsetsByPartition(servers.read("behind")))
                .containsExactly(Map.entry(0, range(40)));
        assertThat(committed("behind", topic)).containsExactly(40L);
    }

    @Test
    void aSourceWhoseTopicEndsWithATransactionMarkerStaysAtRest() throws Exception {
        String topic = topic("transactional", 1);
        Properties properties = TestProducers.properties(servers.brokers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, servers.namespace().id() + "-rest-tx");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (long id = 0; id < 10; id++) {
                producer.send(new ProducerRecord<>(topic, 0, null, IngestFixtures.event(id)));
            }
            producer.commitTransaction();
        }
        SourceIngest ingest = source("transactional", topic);
        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
            // The marker after the 10 records is offset 10: the rest committed past it.
            assertThat(committed("transactional", topic)).containsExactly(11L);
            // Four checks of the watcher, and more than a rest's length: a wake would show.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(ingest::resting);
        } finally {
            ingest.close();
        }
        assertThat(servers.stored("transactional")).isEqualTo(10);
    }

    @Test
    void aRestingSourceWhoseTopicWasDeletedHoldsUpNoOtherOnTheSameCluster() throws Exception {
        // Watched with the same client settings as the sources of this test: on the same cluster.
        SourceRests.Rest gone = rests.watch(KafkaClientProperties.of(servers.source("any").connection()),
                "sluice-gone-orders",
                servers.namespace().kafkaTopic("never-created"), () -> {
                    throw new AssertionError("a topic that does not exist has nothing to read");
                });
        String topic = topic("neighbour", 1);
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 5);
        SourceIngest ingest = source("neighbour", topic);
        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
            IngestFixtures.produce(servers.brokers(), topic, 1, 5, 5);
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored("neighbour") == 10);
        } finally {
            ingest.close();
            gone.cancel();
        }
    }

    @Test
    void aSourceStoppedWhileItRestsIsNoLongerWatchedAndStartsAgainWhenStarted() throws Exception {
        String topic = topic("stopped", 1);
        IngestFixtures.produce(servers.brokers(), topic, 1, 0, 5);
        SourceIngest ingest = source("stopped", topic);
        ingest.start();
        try {
            await().atMost(IngestFixtures.patience()).until(ingest::resting);
            ingest.stop();
            assertThat(rests.resting()).isZero();
            assertThat(ingest.resting()).isFalse();

            IngestFixtures.produce(servers.brokers(), topic, 1, 5, 5);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> servers.stored("stopped") == 5);

            ingest.start();
            await().atMost(IngestFixtures.patience()).until(() -> servers.stored("stopped") == 10);
        } finally {
            ingest.close();
        }
        assertThat(offsetsByPartition(servers.read("stopped")))
                .containsExactly(Map.entry(0, range(10)));
    }

    private String topic(String name, int partitions) throws Exception {
        String topic = servers.namespace().kafkaTopic(name);
        IngestFixtures.createTopic(servers.brokers(), topic, partitions, Map.of());
        servers.provisioner().ensureStreams(name);
        return topic;
    }

    private SourceIngest source(String pipeline, String topic) {
        return servers.ingest(pipeline, servers.source(topic), SETTINGS, servers.publisher(), rests);
    }

    private static long consumerThreads(String pipeline) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("ingest-" + pipeline + "-orders")).count();
    }

    private static int members(String pipeline) throws Exception {
        String group = SourceIngest.groupId(pipeline, "orders");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.brokers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        }
    }

    /** What the source's group committed, by partition in order; -1 for nothing. */
    private static List<Long> committed(String pipeline, String topic) throws Exception {
        String group = SourceIngest.groupId(pipeline, "orders");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers.brokers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            Long[] committed = new Long[partitions];
            for (int partition = 0; partition < partitions; partition++) {
                OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
                committed[partition] = offset == null ? -1 : offset.offset();
            }
            return Arrays.asList(committed);
        }
    }
}
