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
import java.util.List;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.dedup.state.OnStateLoss;
import io.sluice.dedup.state.OwnRedis;
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
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.KvLaneStore;
import io.sluice.worker.purge.JetStreamInputPurger;
import io.sluice.worker.redis.RedisServerWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the dedup stage does when Redis loses its first sightings: restarted without AOF, keys
 * evicted or flushed. Against a redis-server of the test's own (port 6391), which the test
 * restarts; the shared Redis is never touched. NATS is the shared one.
 */
@RealServers({ RealServer.NATS })
class DedupStateLossIntegrationTests {

    private static final String SOURCE = "orders";
    private static final int REDIS_PORT = 6391;

    private LocalEndpoints endpoints;
    private TestNamespace namespace;
    private NatsNames names;
    private Connection nats;
    private OwnRedis redis;
    private String pipeline;
    private PipelineControl control;
    private StreamCursor output;
    private final List<String> outputEvents = new ArrayList<>();
    private DedupWork work;
    private RedisDedupStore store;
    private RedisStateProbe probe;
    private RedisServerWatch watch;

    @BeforeEach
    void defineAPipeline(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        this.endpoints = endpoints;
        this.namespace = namespace;
        this.names = NatsNames.withPrefix(namespace.natsPrefix());
        this.nats = Nats.connect(endpoints.natsUrl());
        this.pipeline = "loss-" + (System.nanoTime() % 1_000_000);
        String json = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"");
        this.control = new PipelineControl(PipelineJson.read(json), DesiredState.RUNNING, 1, Instant.now());
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 64L * 1024 * 1024,
                Duration.ofMinutes(10))).ensureStreams(pipeline);
        this.output = new StreamCursor(nats.jetStream(), names.dataStream(pipeline), names.dedupSubjects(pipeline, SOURCE), 1);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (work != null) {
            work.stop();
        }
        if (watch != null) {
            watch.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (store != null) {
            store.close();
        }
        output.close();
        if (redis != null) {
            redis.close();
        }
        nats.jetStreamManagement().deleteStream(names.dataStream(pipeline));
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
        nats.close();
    }

    @Test
    void stopsTheLaneAndSaysSoWhenRedisRestartsWithoutItsState() throws Exception {
        redis = OwnRedis.start(REDIS_PORT);
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");
        // Before any loss: a warning, not a failure.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(work.warnings())
                .anySatisfy(warning -> assertThat(warning).contains("appendonly no")));
        assertThat(work.stats().failed()).isFalse();

        redis.restart();
        publish(1, "o-1", "dup", "o-2", "first");

        assertDuplicateHeldBackAndLossReported();

        // Pausing and resuming acknowledges the loss: the lane goes on (the duplicate then passes,
        // as the status said it might), and status is clear of it.
        work.pause();
        work.resume();
        awaitOutput("o-2");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(work.stats().failed()).isFalse();
            assertThat(String.valueOf(work.stats().lastError())).doesNotContain("lost");
        });
        // Dedup works again from there on.
        publish(3, "o-2", "dup", "o-3", "first");
        awaitOutput("o-3");
        readOutput();
        assertThat(outputEvents).filteredOn(event -> event.contains("\"o-2\"")).hasSize(1);
    }

    @Test
    void stopsTheLaneAndSaysSoWhenRedisForgetsItsKeysWhileRunning() throws Exception {
        redis = OwnRedis.start(REDIS_PORT);
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");

        redis.flushAll();
        publish(1, "o-1", "dup", "o-2", "first");

        assertDuplicateHeldBackAndLossReported();
    }

    @Test
    void stopsTheLaneWhenRedisRestartsFromASnapshotOlderThanItsLastClaims() throws Exception {
        redis = OwnRedis.start(REDIS_PORT);
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");
        redis.save();
        publish(1, "o-2", "first");
        awaitOutput("o-2");

        // The snapshot holds the sentinel and o-1, not o-2: only the run id shows the loss.
        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.losses() > 0);
        publish(2, "o-2", "dup", "o-3", "first");

        assertDuplicateHeldBackAndLossReported();
        assertThat(work.stats().lastError()).contains("restarted without AOF");
    }

    @Test
    void stopsTheLaneWhenRedisEvictsKeys() throws Exception {
        redis = OwnRedis.start(REDIS_PORT, "--appendonly", "yes", "--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru");
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(work.warnings())
                .anySatisfy(warning -> assertThat(warning).contains("maxmemory-policy is allkeys-lru")));

        redis.fill(8 * 1024);
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.losses() > 0);
        publish(1, "o-1", "dup", "o-2", "first");

        assertDuplicateHeldBackAndLossReported();
        assertThat(work.stats().lastError()).containsPattern("Redis evicted \\d+ keys \\(maxmemory-policy allkeys-lru\\)");
    }

    @Test
    void goesOnAndWarnsWhenSetToWarnOnStateLoss() throws Exception {
        redis = OwnRedis.start(REDIS_PORT);
        startDedup(OnStateLoss.WARN);
        publish(0, "o-1", "first");
        awaitOutput("o-1");

        redis.restart();
        publish(1, "o-1", "dup", "o-2", "first");

        awaitOutput("o-2");
        WorkStats stats = work.stats();
        assertThat(stats.failed()).isFalse();
        assertThat(work.warnings()).anySatisfy(warning ->
                assertThat(warning).startsWith("Redis lost dedup state").contains("on-state-loss=warn"));
        // The lane wrote a fresh sentinel: dedup works again from there on.
        publish(3, "o-2", "dup", "o-3", "first");
        awaitOutput("o-3");
        readOutput();
        assertThat(outputEvents).filteredOn(event -> event.contains("\"o-2\"")).hasSize(1);
    }

    @Test
    void keepsDedupingWithoutAlarmAcrossARestartWithAppendOnly() throws Exception {
        redis = OwnRedis.start(REDIS_PORT, "--appendonly", "yes", "--appendfsync", "always");
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");

        redis.restart();
        publish(1, "o-1", "dup", "o-2", "first");

        awaitOutput("o-2");
        readOutput();
        assertThat(outputEvents).noneMatch(event -> event.contains("\"dup\""));
        WorkStats stats = work.stats();
        assertThat(stats.failed()).isFalse();
        assertThat(stats.lastError()).isNull();
    }

    @Test
    void aPipelineThatRanBeforeSentinelsExistedGetsThemAndGoesOn() throws Exception {
        redis = OwnRedis.start(REDIS_PORT, "--appendonly", "yes");
        startDedup(OnStateLoss.STOP);
        publish(0, "o-1", "first");
        awaitOutput("o-1");
        // As left by a version without sentinels: progress recorded, claims there, no sentinel.
        work.stop();
        redis.delete(new String(RedisDedupStore.sentinelKey(namespace.redisPrefix(), pipeline, SOURCE, "0"),
                StandardCharsets.UTF_8));

        startDedup(OnStateLoss.STOP);
        publish(1, "o-1", "dup", "o-2", "first");

        awaitOutput("o-2");
        readOutput();
        assertThat(outputEvents).noneMatch(event -> event.contains("\"dup\""));
        assertThat(work.stats().failed()).isFalse();
        assertThat(probe.readSentinel(pipeline, SOURCE, "0")).startsWith("epoch ");
    }

    private void assertDuplicateHeldBackAndLossReported() throws Exception {
        // Either the batch came out (before the fix: the duplicate with it) or the loss is reported.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            readOutput();
            return outputEvents.stream().anyMatch(event -> event.contains("o-2")) || work.stats().failed();
        });
        readOutput();
        WorkStats stats = work.stats();
        assertThat(outputEvents).as("the duplicate must not pass silently").noneMatch(event -> event.contains("\"dup\""));
        assertThat(stats.failed()).as("status must say the dedup state is lost: " + stats).isTrue();
        assertThat(stats.lastError()).contains("Redis lost dedup state").contains("Pause and resume the pipeline");
        // Held back, not just late: nothing more comes out while the loss is not acknowledged.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        readOutput();
        assertThat(outputEvents).noneMatch(event -> event.contains("\"dup\""));
        assertThat(work.stats().failed()).isTrue();
    }

    private void startDedup(OnStateLoss onStateLoss) throws Exception {
        if (watch != null) {
            watch.close();
            probe.close();
            store.close();
        }
        store = RedisDedupStore.connect(RedisURI.create(redis.uri()), namespace.redisPrefix(), Duration.ofSeconds(2));
        probe = RedisStateProbe.connect(RedisURI.create(redis.uri()), namespace.redisPrefix(), Duration.ofSeconds(2));
        watch = new RedisServerWatch(probe, Duration.ofMillis(300), Clock.systemUTC(), "dedup state");
        watch.start();
        DedupProperties properties = new DedupProperties(redis.uri(), namespace.redisPrefix(), Duration.ofSeconds(2), 4,
                Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(500), onStateLoss,
                Duration.ofMillis(300), 0, Duration.ofSeconds(1), false, ClaimLayout.KEYS);
        DedupWorkFactory factory = new DedupWorkFactory(nats, nats.jetStream(), new DedupProcessor(store),
                new DeadLetterPublisher(nats.jetStream(), names),
                new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10),
                        64L * 1024 * 1024, Duration.ofMinutes(10))),
                new KvLaneStore(nats, DedupConfiguration.laneBuckets(names)), new JetStreamInputPurger(nats), names,
                "dedup-a", properties, new SimpleMeterRegistry(), probe, watch);
        work = (DedupWork) factory.create(control).orElseThrow();
        work.start();
    }

    /** One batch on partition 0 from {@code offset}: pairs of order id and status. */
    private void publish(long offset, String... idsAndStatuses) throws Exception {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < idsAndStatuses.length; i += 2) {
            String event = "{\"order_id\":\"" + idsAndStatuses[i] + "\",\"amount\":1,\"status\":\"" + idsAndStatuses[i + 1]
                    + "\",\"offset\":" + (offset + i / 2) + "}";
            records.add(new BatchRecord(offset + i / 2, 1_700_000_000_000L, null, event.getBytes(StandardCharsets.UTF_8)));
        }
        Headers headers = new Headers()
                .put("Nats-Msg-Id", NatsNames.batchMessageId(pipeline, SOURCE, SOURCE, 0, offset))
                .put(NatsNames.LAST_OFFSET_HEADER, Long.toString(offset + records.size() - 1));
        nats.jetStream().publish(NatsMessage.builder().subject(names.ingestSubject(pipeline, SOURCE, 0))
                .headers(headers).data(BatchCodec.encode(new Batch(SOURCE, 0, records))).build());
    }

    private void awaitOutput(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            readOutput();
            return outputEvents.stream().anyMatch(event -> event.contains("\"" + orderId + "\""));
        });
    }

    private void readOutput() throws Exception {
        for (Message message : output.fetch(64, Duration.ofMillis(100))) {
            for (BatchRecord record : BatchCodec.decode(message.getData()).records()) {
                outputEvents.add(new String(record.json(), StandardCharsets.UTF_8));
            }
        }
    }
}
