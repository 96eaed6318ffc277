package io.sluice.dedup.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.dedup.state.OnStateLoss;
import io.sluice.dedup.state.RedisStateProbe;
import io.sluice.dedup.store.ClaimLayout;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.consume.StreamCursor;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.KvLaneStore;
import io.sluice.worker.lane.LaneProgress;
import io.sluice.worker.lane.LaneStore;
import io.sluice.worker.purge.JetStreamInputPurger;
import io.sluice.worker.redis.RedisServerWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dedup replicas sharing a pipeline's lanes, against the real JetStream and Redis. Each replica
 * has its own NATS connection and Redis store, as a separate process would; killing one closes
 * both at once, so nothing more of it reaches NATS or Redis — no acknowledgement, no release.
 */
@RealServers({ RealServer.NATS, RealServer.REDIS })
class DedupLanesIntegrationTests {

    private static final String SOURCE = "orders";
    private static final int PARTITIONS = 3;
    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private LocalEndpoints endpoints;
    private TestNamespace namespace;
    private NatsNames names;
    private Connection nats;
    private String pipeline;
    private PipelineControl control;
    private final List<Replica> replicas = new ArrayList<>();
    private Duration duplicateWindow = Duration.ofMinutes(10);

    @BeforeEach
    void defineAPipeline(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        this.endpoints = endpoints;
        this.namespace = namespace;
        this.names = NatsNames.withPrefix(namespace.natsPrefix());
        this.nats = Nats.connect(endpoints.natsUrl());
        this.pipeline = "lanes-" + PIPELINES.incrementAndGet() + "-" + (System.nanoTime() % 100_000);
        String json = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"");
        this.control = new PipelineControl(PipelineJson.read(json), DesiredState.RUNNING, 1, Instant.now());
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 256L * 1024 * 1024,
                Duration.ofMinutes(10))).ensureStreams(pipeline);
    }

    @AfterEach
    void stopReplicasAndDeleteStreams() throws Exception {
        for (Replica replica : replicas) {
            replica.stop();
        }
        nats.jetStreamManagement().deleteStream(names.dataStream(pipeline));
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
        nats.close();
    }

    @Test
    void keepsTheFirstEventOfEachKeyInPartitionOrderWithManyBatchesInFlight() throws Exception {
        Replica replica = replica("dedup-a", 8);
        // Every batch repeats keys of the batch before it, which is in flight at the same time.
        Expected expected = publish(40, 50);

        List<BatchRecord> output = awaitOutput(expected.firsts());

        assertExactlyTheFirsts(output, expected);
        assertThat(replica.work().servedLanes()).hasSize(PARTITIONS);
    }

    @Test
    void purgesProcessedInputButKeepsEachPartitionsLastBatch() throws Exception {
        Expected expected = publish(30, 50);
        var jsm = nats.jetStreamManagement();
        long bytesPublished = jsm.getStreamInfo(names.dataStream(pipeline)).getStreamState().getByteCount();
        replica("dedup-a", 8);

        awaitOutput(expected.firsts());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var ingest = jsm.getStreamInfo(names.dataStream(pipeline),
                    StreamInfoOptions.filterSubjects(names.ingestSubjects(pipeline, SOURCE))).getStreamState();
            assertThat(ingest.getSubjectMap()).hasSize(PARTITIONS).allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
            // What is left is the dedup output (fewer events than the input) and one batch per partition.
            assertThat(ingest.getByteCount()).isLessThan(bytesPublished);
        });
        // Ingest resumes each partition from its last batch: still there, with its last offset.
        for (int partition = 0; partition < PARTITIONS; partition++) {
            var last = jsm.getLastMessage(names.dataStream(pipeline), names.ingestSubject(pipeline, SOURCE, partition));
            assertThat(last.getHeaders().getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo(Long.toString(30 * 50 - 1));
        }
    }

    @Test
    void twoReplicasShareTheLanes() throws Exception {
        Replica a = replica("dedup-a", 8);
        Replica b = replica("dedup-b", 8);
        Expected expected = publish(20, 50);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(a.work().servedLanes()).isNotEmpty();
            assertThat(b.work().servedLanes()).isNotEmpty().doesNotContainAnyElementsOf(a.work().servedLanes());
            assertThat(a.work().servedLanes().size() + b.work().servedLanes().size()).isEqualTo(PARTITIONS);
        });
        assertExactlyTheFirsts(awaitOutput(expected.firsts()), expected);
    }

    @Test
    void theOtherReplicaTakesOverAKilledReplicasLanesWithNothingLostOrDuplicated() throws Exception {
        Replica a = replica("dedup-a", 8);
        Replica b = replica("dedup-b", 8);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            publish(0, 1, 1, 1); // the partitions appear as lanes once ingest published to them
            return !a.work().servedLanes().isEmpty() && !b.work().servedLanes().isEmpty();
        });

        Expected expected = publish(1, 60, 50, 3, () -> {
            try {
                // SIGKILL, as far as NATS and Redis can tell: a dies holding lanes and batches in flight.
                a.kill();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> b.work().servedLanes().size() == PARTITIONS);
        List<BatchRecord> output = awaitOutput(expected.firsts() + PARTITIONS);
        // Across a crash the output's order is not promised, only its content.
        assertExactlyTheFirsts(output.stream().filter(record -> record.offset() > 0).toList(), expected, false);
    }

    @Test
    void aLaneTakenOverLongAfterItsOwnerDiedPublishesNothingTwiceThoughTheDuplicateWindowHasPassed() throws Exception {
        // JetStream forgets batch ids after 1 s here (10 minutes by default): a replica that takes a
        // lane over later than that cannot count on the server to drop a republished output.
        duplicateWindow = Duration.ofSeconds(1);
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 256L * 1024 * 1024,
                duplicateWindow)).ensureStreams(pipeline);
        Replica a = replica("dedup-a", 4);
        Expected expected = publish(4, 50);
        List<BatchRecord> before = awaitOutput(expected.firsts());
        assertExactlyTheFirsts(before, expected);

        // a dies after publishing its outputs and before recording how far it got: the lanes'
        // records say nothing was processed, and nobody takes them over for longer than the window.
        a.kill();
        KvLaneStore lanes = new KvLaneStore(nats, DedupConfiguration.laneBuckets(names));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String key = pipeline + "." + SOURCE + "." + partition;
            LaneStore.Versioned record = lanes.read(key);
            lanes.compareAndSet(key, record.revision(), new LaneProgress(0, "dedup-a", System.currentTimeMillis()));
        }
        await().pollDelay(duplicateWindow.multipliedBy(2)).atMost(duplicateWindow.multipliedBy(3)).until(() -> true);

        Replica b = replica("dedup-b", 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.work().servedLanes().size() == PARTITIONS);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                if (lanes.read(pipeline + "." + SOURCE + "." + partition).progress().processedSeq() == 0) {
                    return false;
                }
            }
            return true;
        });
        assertExactlyTheFirsts(awaitOutput(expected.firsts()), expected);
    }

    private record Expected(Set<String> firstEvents, int firsts) {
    }

    /** {@code batches} batches of {@code records} per partition, from offset 0. */
    private Expected publish(int batches, int records) throws Exception {
        return publish(0, batches, records, 0, () -> { });
    }

    private Expected publish(long firstOffset, int batches, int records, int pauseMillis) throws Exception {
        return publish(firstOffset, batches, records, pauseMillis, () -> { });
    }

    /**
     * Events whose keys are unique per partition and offset, except that every fifth one repeats
     * the key of the event 61 offsets earlier (a batch or two back, never itself a repeat) with
     * status "dup".
     * {@code midway} runs once a third of the batches are published.
     */
    private Expected publish(long firstOffset, int batches, int records, int pauseMillis, Runnable midway) throws Exception {
        Set<String> firsts = new HashSet<>();
        for (int b = 0; b < batches; b++) {
            if (b == batches / 3) {
                midway.run();
            }
            for (int partition = 0; partition < PARTITIONS; partition++) {
                List<BatchRecord> batch = new ArrayList<>();
                for (int r = 0; r < records; r++) {
                    long offset = firstOffset + (long) b * records + r;
                    boolean duplicate = offset % 5 == 4 && offset - 61 >= firstOffset;
                    String key = "p" + partition + "-" + (duplicate ? offset - 61 : offset);
                    String event = "{\"order_id\":\"" + key + "\",\"amount\":1,\"status\":\"" + (duplicate ? "dup" : "first")
                            + "\",\"offset\":" + offset + "}";
                    if (!duplicate) {
                        firsts.add(event);
                    }
                    batch.add(new BatchRecord(offset, 1_700_000_000_000L, null, event.getBytes(StandardCharsets.UTF_8)));
                }
                long batchFirst = firstOffset + (long) b * records;
                Headers headers = new Headers()
                        .put("Nats-Msg-Id", NatsNames.batchMessageId(pipeline, SOURCE, SOURCE, partition, batchFirst))
                        .put(NatsNames.LAST_OFFSET_HEADER, Long.toString(batchFirst + records - 1));
                nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, SOURCE, partition))
                        .headers(headers).data(BatchCodec.encode(new Batch(SOURCE, partition, batch))).build());
            }
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        return new Expected(firsts, firsts.size());
    }

    /** Every record in the dedup output, once the output holds {@code expected} and then stays put. */
    private List<BatchRecord> awaitOutput(int expected) throws Exception {
        List<BatchRecord> output = new ArrayList<>();
        try (StreamCursor cursor = new StreamCursor(nats.jetStream(), names.dataStream(pipeline),
                names.dedupSubjects(pipeline, SOURCE), 1)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (Message message : cursor.fetch(256, Duration.ofMillis(200))) {
                    output.addAll(BatchCodec.decode(message.getData()).records());
                }
                return output.size() >= expected;
            });
            // Late republishes (from the killed replica's batches) would show up now.
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            for (Message message : cursor.fetch(256, Duration.ofMillis(500))) {
                output.addAll(BatchCodec.decode(message.getData()).records());
            }
        }
        return output;
    }

    private static void assertExactlyTheFirsts(List<BatchRecord> output, Expected expected) {
        assertExactlyTheFirsts(output, expected, true);
    }

    private static void assertExactlyTheFirsts(List<BatchRecord> output, Expected expected, boolean inPartitionOrder) {
        List<String> events = output.stream().map(record -> new String(record.json(), StandardCharsets.UTF_8)).toList();
        assertThat(events).doesNotHaveDuplicates().noneMatch(event -> event.contains("\"dup\""));
        assertThat(new HashSet<>(events)).isEqualTo(expected.firstEvents());
        if (!inPartitionOrder) {
            return;
        }
        // Each partition's output is in Kafka's order.
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (BatchRecord record : output) {
            int partition = Integer.parseInt(new String(record.json(), StandardCharsets.UTF_8).replaceAll(".*\"p(\\d+)-.*", "$1"));
            Long previous = lastOffset.put(partition, record.offset());
            assertThat(previous == null || previous < record.offset())
                    .as("partition %d offset %d after %d", partition, record.offset(), previous).isTrue();
        }
    }

    private Replica replica(String id, int maxInFlight) throws Exception {
        Connection connection = Nats.connect(endpoints.natsUrl());
        RedisDedupStore store = RedisDedupStore.connect(RedisURI.create(endpoints.redisUri()), namespace.redisPrefix(),
                Duration.ofSeconds(5));
        DedupProperties properties = new DedupProperties(endpoints.redisUri(), namespace.redisPrefix(), Duration.ofSeconds(5),
                maxInFlight, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1),
                OnStateLoss.STOP, Duration.ofSeconds(2), 0, Duration.ofSeconds(1), false, ClaimLayout.KEYS);
        RedisStateProbe probe = RedisStateProbe.connect(RedisURI.create(endpoints.redisUri()), namespace.redisPrefix(),
                Duration.ofSeconds(5));
        DedupWorkFactory factory = new DedupWorkFactory(connection, connection.jetStream(), new DedupProcessor(store),
                new DeadLetterPublisher(connection.jetStream(), names),
                new PipelineStreams(connection, names, new StreamLimits(Duration.ofMinutes(10),
                        256L * 1024 * 1024, duplicateWindow)),
                new KvLaneStore(connection, DedupConfiguration.laneBuckets(names)), new JetStreamInputPurger(connection),
                names, id, properties, new SimpleMeterRegistry(), probe, new RedisServerWatch(probe, Duration.ofSeconds(2), Clock.systemUTC(), "dedup state"));
        DedupWork work = (DedupWork) factory.create(control).orElseThrow();
        work.start();
        Replica replica = new Replica(connection, store, probe, work);
        replicas.add(replica);
        return replica;
    }

    private record Replica(Connection connection, RedisDedupStore store, RedisStateProbe probe, DedupWork work) {

        void kill() throws Exception {
            store.close();
            probe.close();
            connection.close();
        }

        void stop() throws Exception {
            work.stop();
            try {
                store.close();
                probe.close();
                connection.close();
            } catch (RuntimeException alreadyKilled) {
                // closed by kill()
            }
        }
    }
}
