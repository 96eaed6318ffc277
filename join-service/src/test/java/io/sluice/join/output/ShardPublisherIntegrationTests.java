package io.sluice.join.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.join.state.JoinLimits;
import io.sluice.join.state.JoinStateLayout;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.join.state.StateEvent;
import io.sluice.model.join.JoinedRows;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.JoinType;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shard's outbox published to its join subject on the real NATS and Redis: rows, markers and
 * dead letters, and nothing twice when a publisher died after storing a message but before
 * trimming the outbox.
 */
@RealServers({ RealServer.NATS, RealServer.REDIS })
class ShardPublisherIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(ShardPublisherIntegrationTests.class);

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static int pipelines;

    private Connection nats;
    private JetStreamManagement jsm;
    private NatsNames names;
    private RedisJoinStore store;
    private String pipeline;

    @BeforeEach
    void connect() throws Exception {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        nats = Nats.connect(endpoints.natsUrl());
        jsm = nats.jetStreamManagement();
        names = NatsNames.withPrefix(NAMESPACE.natsPrefix());
        pipeline = "join" + RUN + (++pipelines);
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 64L * 1024 * 1024,
                Duration.ofMinutes(2))).ensureStreams(pipeline);
        store = RedisJoinStore.connect(RedisURI.create(endpoints.redisUri()),
                new JoinStateLayout(NAMESPACE.redisPrefix(), pipeline, 1),
                new JoinLimits(Duration.ofMillis(200), Duration.ofHours(1), 2, 1 << 20), Duration.ofSeconds(10));
        store.writeSentinels("test", false).join();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        jsm.deleteStream(names.dataStream(pipeline));
        jsm.deleteStream(names.deadLetterStream(pipeline));
        nats.close();
    }

    @Test
    void publishesJoinedRowsUnmatchedRowsOfALeftJoinAndDeadLettersOnce() throws Exception {
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", event(5, "{\"order\": \"A\", \"method\": \"card\"}")).join();
        store.applyLeft(key("A"), "orders.0", 10, "orders/0/10", event(100, "{\"order_id\": \"A\", \"amount\": 3}")).join();
        for (int offset = 11; offset <= 13; offset++) {
            // Two wait; the third finds the key's buffer full (cap 2).
            store.applyLeft(key("B"), "orders.0", offset, "orders/0/" + offset, event(offset, "{\"order_id\": \"B\"}")).join();
        }
        Thread.sleep(400);
        store.expire(0, 100).join();

        ShardPublisher.Published published = publisher(JoinType.LEFT, null).publishOnce();

        assertThat(published).isEqualTo(new ShardPublisher.Published(4, 3, 1, 2, 0, 1));
        List<Batch> batches = batches();
        assertThat(batches).flatExtracting(Batch::records).extracting(BatchRecord::offset).containsExactly(10L, 11L, 12L);
        assertThat(json(batches.get(0).records().get(0))).isEqualTo("{\"order_id\":\"A\",\"amount\":3,\"payment_method\":\"card\"}");
        assertThat(batches.get(0).records().get(0).kafkaTimestampMillis()).isEqualTo(100);
        assertThat(json(batches.get(batches.size() - 1).records().get(1))).isEqualTo("{\"order_id\":\"B\",\"amount\":null,\"payment_method\":null}");
        assertThat(deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.stage()).isEqualTo(DeadLetter.JOIN);
            assertThat(deadLetter.position().toString()).isEqualTo("orders/0/13");
            assertThat(deadLetter.reason()).isEqualTo("join buffer of its key is full: 2 left events wait for a partner already");
            assertThat(new String(deadLetter.original(), StandardCharsets.UTF_8)).isEqualTo("{\"order_id\": \"B\"}");
        });
        assertThat(store.outbox(0, null, 10).join()).as("trimmed once published").isEmpty();
        assertThat(publisher(JoinType.LEFT, null).publishOnce()).isEqualTo(ShardPublisher.Published.NOTHING);
    }

    @Test
    void anInnerJoinWritesNoRowForAnUnmatchedEventAndTheFilterAppliesToTheJoinedRow() throws Exception {
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", event(1, "{\"order\": \"A\", \"method\": \"cash\"}")).join();
        store.applyRight(key("C"), "payments.0", 2, "payments/0/2", event(1, "{\"order\": \"C\", \"method\": \"card\"}")).join();
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", event(1, "{\"order_id\": \"A\"}")).join();
        store.applyLeft(key("C"), "orders.0", 2, "orders/0/2", event(1, "{\"order_id\": \"C\"}")).join();
        store.applyLeft(key("B"), "orders.0", 3, "orders/0/3", event(1, "{\"order_id\": \"B\"}")).join();
        Thread.sleep(400);
        store.expire(0, 100).join();

        ShardPublisher.Published published = publisher(JoinType.INNER, Filter.parse("payment_method == \"card\"")).publishOnce();

        assertThat(published).isEqualTo(new ShardPublisher.Published(3, 1, 2, 1, 1, 0));
        List<Batch> batches = batches();
        assertThat(batches).flatExtracting(Batch::records).extracting(ShardPublisherIntegrationTests::json)
                .containsExactly("{\"order_id\":\"C\",\"amount\":null,\"payment_method\":\"card\"}");
        MessageInfo last = jsm.getLastMessage(names.dataStream(pipeline), names.joinSubject(pipeline, 0, 0));
        assertThat(last.getHeaders().getFirst(ShardPublisher.OUTBOX_ID_HEADER)).as("the last entry, though it gave no row")
                .isNotNull();
    }

    /**
     * The state a publisher leaves when it dies after its message was stored and before it
     * trimmed the outbox: the next one publishes only what follows, and trims the rest.
     */
    @Test
    void aPublisherTakingOverAfterADeathBeforeTheTrimPublishesNothingTwice() throws Exception {
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", event(1, "{\"order\": \"A\"}")).join();
        for (int offset = 1; offset <= 4; offset++) {
            store.applyLeft(key("A"), "orders.0", offset, "orders/0/" + offset, event(1, "{\"order_id\": \"A" + offset + "\"}")).join();
        }
        String secondId = store.outbox(0, null, 10).join().get(1).id();
        Headers headers = new Headers().put(ShardPublisher.OUTBOX_ID_HEADER, secondId);
        nats.jetStream().publish(NatsMessage.builder().subject(names.joinSubject(pipeline, 0, 0)).headers(headers)
                .data(BatchCodec.encode(new Batch("orders", 0, List.of()))).build());

        ShardPublisher.Published published = publisher(JoinType.INNER, null).publishOnce();

        assertThat(published.rows()).isEqualTo(2);
        assertThat(batches()).flatExtracting(Batch::records).extracting(BatchRecord::offset).containsExactly(3L, 4L);
        assertThat(store.outbox(0, null, 10).join()).isEmpty();
    }

    /**
     * Left events of two partitions: each partition's rows on its own subject, and a step that
     * died after storing one partition's message but not the other's is finished by the next
     * publisher without repeating the first.
     */
    @Test
    void eachPartitionHasItsSubjectAndAStepHalfStoredIsFinishedOnce() throws Exception {
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", event(1, "{\"order\": \"A\"}")).join();
        for (int offset = 1; offset <= 6; offset++) {
            int partition = offset % 2;
            store.applyLeft(key("A"), "orders." + partition, offset, "orders/" + partition + "/" + offset,
                    event(1, "{\"order_id\": \"A" + offset + "\"}")).join();
        }
        // Partition 1 (offsets 1, 3, 5) was stored through its second entry, partition 0 not at all.
        String thirdId = store.outbox(0, null, 10).join().get(2).id();
        nats.jetStream().publish(NatsMessage.builder().subject(names.joinSubject(pipeline, 0, 1))
                .headers(new Headers().put(ShardPublisher.OUTBOX_ID_HEADER, thirdId))
                .data(BatchCodec.encode(new Batch("orders", 1, List.of()))).build());

        ShardPublisher.Published published = publisher(JoinType.INNER, null).publishOnce();

        assertThat(published.rows()).isEqualTo(4);
        assertThat(offsets(names.joinSubject(pipeline, 0, 0))).containsExactly(2L, 4L, 6L);
        assertThat(offsets(names.joinSubject(pipeline, 0, 1))).containsExactly(5L);
        assertThat(store.outbox(0, null, 10).join()).isEmpty();
    }

    /** Two publishers of one shard at once (a lease ran out on a slow replica): the subject gets each entry once. */
    @Test
    void twoPublishersOfOneShardCannotBothExtendItsSubject() throws Exception {
        store.applyRight(key("A"), "payments.0", 1, "payments/0/1", event(1, "{\"order\": \"A\"}")).join();
        store.applyLeft(key("A"), "orders.0", 1, "orders/0/1", event(1, "{\"order_id\": \"A1\"}")).join();
        ShardPublisher slow = publisher(JoinType.INNER, null);
        ShardPublisher other = publisher(JoinType.INNER, null);
        assertThat(slow.publishOnce().rows()).isEqualTo(1);
        store.applyLeft(key("A"), "orders.0", 2, "orders/0/2", event(1, "{\"order_id\": \"A2\"}")).join();
        assertThat(other.publishOnce().rows()).as("the other one reads the subject first").isEqualTo(1);
        store.applyLeft(key("A"), "orders.0", 3, "orders/0/3", event(1, "{\"order_id\": \"A3\"}")).join();

        // The slow one still believes the subject ends where it left it.
        assertThatThrownBy(slow::publishOnce).hasMessageContaining("wrong last sequence");
        assertThat(slow.publishOnce().rows()).isEqualTo(1);

        assertThat(batches()).flatExtracting(Batch::records).extracting(BatchRecord::offset).containsExactly(1L, 2L, 3L);
    }

    private ShardPublisher publisher(JoinType type, Filter filter) throws Exception {
        JoinDefinition join = new JoinDefinition(type, new JoinSide("orders", List.of("order_id"), Window.parse("1h")),
                new JoinSide("payments", List.of("order"), Window.parse("1h")),
                List.of(new OutputField("orders", "order_id", null), new OutputField("orders", "amount", null),
                        new OutputField("payments", "method", "payment_method")));
        return new ShardPublisher(new ShardPublisher.Settings(pipeline, 0, type, 100), store, nats.jetStream(), jsm, names,
                new JoinedRows(join), filter, new DeadLetterPublisher(nats.jetStream(), names), Clock.systemUTC());
    }

    private List<Batch> batches() throws Exception {
        List<Batch> batches = new ArrayList<>();
        var state = jsm.getStreamInfo(names.dataStream(pipeline)).getStreamState();
        for (long seq = state.getFirstSequence(); state.getMsgCount() > 0 && seq <= state.getLastSequence(); seq++) {
            MessageInfo message = jsm.getMessage(names.dataStream(pipeline), seq);
            if (message.getSubject().equals(names.joinSubject(pipeline, 0, 0))) {
                batches.add(BatchCodec.decode(message.getData()));
            }
        }
        return batches;
    }

    private List<Long> offsets(String subject) throws Exception {
        List<Long> offsets = new ArrayList<>();
        var state = jsm.getStreamInfo(names.dataStream(pipeline)).getStreamState();
        for (long seq = state.getFirstSequence(); state.getMsgCount() > 0 && seq <= state.getLastSequence(); seq++) {
            MessageInfo message = jsm.getMessage(names.dataStream(pipeline), seq);
            if (message.getSubject().equals(subject)) {
                BatchCodec.decode(message.getData()).records().forEach(record -> offsets.add(record.offset()));
            }
        }
        return offsets;
    }

    private List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> deadLetters = new ArrayList<>();
        var state = jsm.getStreamInfo(names.deadLetterStream(pipeline)).getStreamState();
        for (long seq = state.getFirstSequence(); state.getMsgCount() > 0 && seq <= state.getLastSequence(); seq++) {
            MessageInfo message = jsm.getMessage(names.deadLetterStream(pipeline), seq);
            Map<String, String> headers = new HashMap<>();
            message.getHeaders().entrySet().forEach(entry -> headers.put(entry.getKey(), entry.getValue().get(0)));
            deadLetters.add(DeadLetterCodec.decode(headers, message.getData()));
        }
        return deadLetters;
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(long timestamp, String json) {
        return StateEvent.encode(timestamp, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(BatchRecord record) {
        return new String(record.json(), StandardCharsets.UTF_8);
    }
}
