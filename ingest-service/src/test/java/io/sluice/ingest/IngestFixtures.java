package io.sluice.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.InitialOffset;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.Schema;
import io.sluice.model.definition.SecurityProtocol;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.StoredMessages;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Topics, events, definitions and stream reading shared by the ingest integration tests. */
public final class IngestFixtures {

    private IngestFixtures() {
    }

    /** A source of {@code {"id":…,"user":{"id":…},"payload":"…"}} events keyed on {@code id}. */
    public static SourceDefinition source(String id, String topic, String brokers) {
        Schema schema = new Schema(List.of(new FieldDefinition("id", FieldType.INT),
                new FieldDefinition("user.id", FieldType.INT), new FieldDefinition("payload", FieldType.STRING)));
        KafkaConnection connection = new KafkaConnection(List.of(brokers.split(",")), SecurityProtocol.PLAINTEXT, null,
                null, null, null, false);
        return new SourceDefinition(id, connection, topic, InitialOffset.EARLIEST, schema,
                new DedupDefinition(List.of("id"), Window.parse("1h")));
    }

    public static PipelineDefinition pipeline(String id, SourceDefinition source) {
        return new PipelineDefinition(id, id, List.of(source), null, null, null);
    }

    /** An event of about 300 bytes. */
    public static byte[] event(long id) {
        String json = "{\"id\":" + id + ",\"user\":{\"id\":" + (id % 1000) + ",\"name\":\"user-" + (id % 1000)
                + "\"},\"payload\":\"" + "x".repeat(200) + "\",\"at\":\"2024-05-01T12:00:00Z\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static void createTopic(String brokers, String topic, int partitions, Map<String, String> config)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all().get();
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(String brokers) {
        Properties properties = TestProducers.properties(brokers);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Produces {@code count} events with ids {@code firstId…}, event i to partition i % partitions, and fails
     * with the broker's reason when any of them was not stored: a send's failure is otherwise silent, and a
     * test then waits in vain for records that never reached Kafka.
     */
    public static void produce(String brokers, String topic, int partitions, long firstId, int count) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>(count);
        try (KafkaProducer<byte[], byte[]> producer = producer(brokers)) {
            for (long id = firstId; id < firstId + count; id++) {
                sends.add(producer.send(new ProducerRecord<>(topic, (int) (id % partitions), null, event(id))));
            }
            producer.flush();
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("event " + (firstId + i) + " was not stored in " + topic + ": "
                        + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * Each partition's end offset, for failure messages: it tells records Kafka never stored from
     * records ingest has not read.
     */
    public static String endOffsets(String brokers, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return "Kafka's end offsets " + ends;
        } catch (Exception e) {
            return "Kafka's end offsets unknown (" + e + ")";
        }
    }

    /** One message of a stream. */
    public record Stored(String subject, Map<String, String> headers, byte[] data) {

        public Batch batch() {
            return BatchCodec.decode(data);
        }
    }

    /** Every message of a stream, in stream order, optionally only those on subjects starting with a prefix. */
    public static List<Stored> read(Connection nats, String stream, String subjectPrefix) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            return List.of();
        }
        List<Stored> messages = new ArrayList<>();
        if (info.getStreamState().getMsgCount() == 0) {
            return messages;
        }
        for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
            // Handled replay requests are deleted from the stream, leaving holes between first and last.
            MessageInfo message = StoredMessages.at(jsm, stream, seq).orElse(null);
            if (message == null || subjectPrefix != null && !message.getSubject().startsWith(subjectPrefix)) {
                continue;
            }
            Map<String, String> headers = new HashMap<>();
            if (message.getHeaders() != null) {
                message.getHeaders().entrySet().forEach(entry -> headers.put(entry.getKey(), entry.getValue().get(0)));
            }
            messages.add(new Stored(message.getSubject(), headers, message.getData() == null ? new byte[0] : message.getData()));
        }
        return messages;
    }

    /** How many records the ingest batches of a pipeline's data stream hold. */
    public static long storedRecords(Connection nats, NatsNames names, String pipelineId) throws Exception {
        long records = 0;
        for (Stored stored : read(nats, names.dataStream(pipelineId), null)) {
            records += stored.batch().records().size();
        }
        return records;
    }

    /** Offsets of every stored record per partition, in stream order, repeats kept. */
    public static Map<Integer, List<Long>> offsetsByPartition(List<Stored> batches) {
        Map<Integer, List<Long>> offsets = new TreeMap<>();
        for (Stored stored : batches) {
            Batch batch = stored.batch();
            List<Long> partition = offsets.computeIfAbsent(batch.partition(), p -> new ArrayList<>());
            for (BatchRecord record : batch.records()) {
                partition.add(record.offset());
            }
        }
        return offsets;
    }

    /** 0, 1, …, count - 1. */
    public static List<Long> range(long count) {
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < count; offset++) {
            offsets.add(offset);
        }
        return offsets;
    }

    /** Removes the streams of a test's NATS prefix. */
    public static void deleteStreams(Connection nats, String prefix) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        String streamPrefix = prefix.toUpperCase().replace('-', '_') + "_";
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(streamPrefix)) {
                jsm.deleteStream(stream);
            }
        }
    }

    /** Starts the ingest service on the test's NATS prefix; {@code arguments} add or override settings. */
    public static ConfigurableApplicationContext startService(String natsUrl, String prefix,
            String replicaId, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--sluice.nats.url=" + natsUrl,
                "--sluice.nats.prefix=" + prefix, "--sluice.worker.replica-id=" + replicaId,
                "--sluice.worker.heartbeat-interval=200ms"));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(IngestApplication.class)
                .run(all.toArray(String[]::new));
    }

    /**
     * How long a test waits for records to be stored. What takes 2 to 10 s here has twice timed out
     * after a minute in CI runs on a loaded machine (without a cause found): a publish JetStream does
     * not acknowledge within the client's 5 s fails, and the partition's retries back off up to 30 s.
     */
    public static Duration patience() {
        return Duration.ofMinutes(2);
    }
}
