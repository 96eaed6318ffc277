package io.sluice.dedup.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.Schema;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.key.KeyEncoding;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServers(RealServer.REDIS)
class DedupProcessorIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(DedupProcessorIntegrationTests.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static RedisURI uri;

    private static RedisDedupStore store;

    private static DedupProcessor processor;

    private static int sourceCounter;

    @BeforeAll
    static void connect() {
        uri = RedisURI.create(LocalEndpoints.fromEnvironment().redisUri());
        store = RedisDedupStore.connect(uri, NAMESPACE.redisPrefix(), TIMEOUT);
        processor = new DedupProcessor(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void firstEventPassesAndADuplicateInsideTheWindowIsDropped() {
        SourceDefinition source = source("5m");

        DedupResult first = process(source, batch(0, event(1, "order-1", "first")));
        DedupResult duplicate = process(source, batch(0, event(2, "order-1", "second")));

        assertThat(payloads(first)).containsExactly("first");
        assertThat(duplicate.passed().records()).isEmpty();
        assertThat(duplicate.duplicates()).isEqualTo(1);
    }

    @Test
    void anEventKeyedFromItsJsonAndATwinKeyedByIngestClaimTheSameKey() {
        // Dedup added to a paused pipeline: batches ingested before carry no key, later ones do.
        SourceDefinition source = new SourceDefinition("source-" + nextSource(), null, "orders", null,
                new Schema(List.of(new FieldDefinition("order.id", FieldType.INT))),
                new DedupDefinition(List.of("order.id"), Window.parse("5m")));
        BatchRecord before = record(1, "{\"order\":{\"id\":42},\"payload\":\"before\"}");
        BatchRecord after = new BatchRecord(2, System.currentTimeMillis(), KeyEncoding.encode(List.of("42")),
                "{\"order\":{\"id\":42},\"payload\":\"after\"}".getBytes(StandardCharsets.UTF_8));

        DedupResult first = process(source, batch(0, before));
        DedupResult twin = process(source, batch(0, after));

        assertThat(payloads(first)).containsExactly("before");
        assertThat(twin.passed().records()).isEmpty();
        assertThat(twin.duplicates()).isEqualTo(1);
    }

    @Test
    void duplicateFromAnotherPartitionIsDroppedToo() {
        SourceDefinition source = source("5m");
        process(source, batch(0, event(1, "order-1", "first")));

        DedupResult duplicate = process(source, batch(5, event(1, "order-1", "same offset, other partition")));

        assertThat(duplicate.passed().records()).isEmpty();
    }

    @Test
    void sameKeyPassesAgainOnceTheWindowFromTheFirstSightingPassedEvenWhileDuplicatesKeepComing() {
        SourceDefinition source = source("300ms");
        assertThat(payloads(process(source, batch(0, event(1, "order-1", "first"))))).containsExactly("first");
        long[] offset = { 1 };

        // A duplicate every poll (50ms), from the start: if duplicates extended the window, none
        // would ever pass.
        List<String> passedLater = await().atMost(Duration.ofSeconds(5))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> payloads(process(source, batch(0, event(++offset[0], "order-1", "after " + offset[0])))),
                    (passed) -> !passed.isEmpty());

        assertThat(passedLater).singleElement().asString().startsWith("after ");
        assertThat(offset[0]).as("duplicates dropped before the window passed").isGreaterThan(3);
    }

    @Test
    void redeliveredBatchPassesExactlyTheSameRecordsAgain() {
        SourceDefinition source = source("5m");
        process(source, batch(0, event(1, "seen-before", "earlier")));
        Batch input = batch(1, event(10, "a", "a1"), event(11, "seen-before", "late"), event(12, "a", "a2"),
                event(13, "b", "b1"), record(14, "{\"no\":\"key\"}"));

        DedupResult first = process(source, input);
        DedupResult redelivered = process(source, input);

        assertThat(payloads(first)).containsExactly("a1", "b1");
        assertThat(redelivered.passed()).isEqualTo(first.passed());
        assertThat(redelivered.outputMessageId()).isEqualTo(first.outputMessageId());
        assertThat(redelivered.duplicates()).isEqualTo(first.duplicates()).isEqualTo(2);
        assertThat(redelivered.deadLetters()).hasSize(1);
        assertThat(redelivered.deadLetters().get(0).reason()).isEqualTo("missing key field order.id");
    }

    @Test
    void twoReplicasRacingOnOverlappingBatchesLetEachKeyThroughExactlyOnce() throws Exception {
        SourceDefinition source = source("5m");
        int keys = 20_000;
        try (RedisDedupStore otherStore = RedisDedupStore.connect(uri, NAMESPACE.redisPrefix(), TIMEOUT)) {
            DedupProcessor[] replicas = { processor, new DedupProcessor(otherStore) };
            // Every key is read by both replicas, from different partitions and in different orders.
            List<List<Batch>> work = List.of(batches(0, keys, 500, new Random(1)), batches(1, keys, 500, new Random(2)));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<DedupResult>>> results = new ArrayList<>();
                for (int replica = 0; replica < 2; replica++) {
                    DedupProcessor replicaProcessor = replicas[replica];
                    List<Batch> batches = work.get(replica);
                    results.add(threads.submit(() -> {
                        start.await();
                        List<DedupResult> done = new ArrayList<>();
                        for (Batch batch : batches) {
                            done.add(process(replicaProcessor, source, batch));
                        }
                        return done;
                    }));
                }
                start.countDown();
                Map<String, Integer> passedPerKey = new TreeMap<>();
                int duplicates = 0;
                List<List<DedupResult>> perReplica = new ArrayList<>();
                for (Future<List<DedupResult>> result : results) {
                    List<DedupResult> done = result.get(60, TimeUnit.SECONDS);
                    perReplica.add(done);
                    for (DedupResult batchResult : done) {
                        duplicates += batchResult.duplicates();
                        for (String key : keys(batchResult)) {
                            passedPerKey.merge(key, 1, Integer::sum);
                        }
                    }
                }

                assertThat(passedPerKey).hasSize(keys);
                assertThat(passedPerKey.values()).containsOnly(1);
                assertThat(duplicates).isEqualTo(keys);
                // Both really raced: each replica won some keys.
                assertThat(perReplica).allSatisfy((done) -> assertThat(done.stream().mapToInt((r) -> r.passed().records().size()).sum()).isPositive());

                // And a replica redelivered its batches after the race passes exactly what it passed the first time.
                for (int i = 0; i < work.get(1).size(); i++) {
                    assertThat(process(replicas[0], source, work.get(1).get(i)).passed())
                        .isEqualTo(perReplica.get(1).get(i).passed());
                }
            }
            finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void eventsOfAnotherSourceWithTheSameKeyAreNotDuplicates() {
        SourceDefinition web = source("5m");
        SourceDefinition app = source("5m");
        process(web, batch(0, event(1, "order-1", "web")));

        assertThat(payloads(process(app, batch(0, event(1, "order-1", "app"))))).containsExactly("app");
    }

    private static List<Batch> batches(int partition, int keys, int batchSize, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < keys; from += batchSize) {
            List<BatchRecord> records = new ArrayList<>();
            for (int i = from; i < Math.min(keys, from + batchSize); i++) {
                records.add(event(i, "k" + order.get(i), "p" + partition));
            }
            batches.add(new Batch("orders", partition, records));
        }
        return batches;
    }

    private static DedupResult process(SourceDefinition source, Batch batch) {
        return process(processor, source, batch);
    }

    private static DedupResult process(DedupProcessor processor, SourceDefinition source, Batch batch) {
        String inputId = "orders/" + source.id() + "/" + batch.partition() + "/" + batch.firstOffset();
        return processor.process(batch, inputId, "orders", source, null);
    }

    private static synchronized int nextSource() {
        return ++sourceCounter;
    }

    private static SourceDefinition source(String window) {
        return new SourceDefinition("source-" + nextSource(), null, "orders", null, null,
                new DedupDefinition(List.of("order.id"), Window.parse(window)));
    }

    private static Batch batch(int partition, BatchRecord... records) {
        return new Batch("orders", partition, List.of(records));
    }

    private static BatchRecord event(long offset, String orderId, String payload) {
        return record(offset, "{\"order\":{\"id\":\"" + orderId + "\"},\"payload\":\"" + payload + "\"}");
    }

    private static BatchRecord record(long offset, String json) {
        return new BatchRecord(offset, System.currentTimeMillis(), null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> payloads(DedupResult result) {
        return field(result, "\"payload\":\"");
    }

    private static List<String> keys(DedupResult result) {
        return field(result, "\"id\":\"");
    }

    private static List<String> field(DedupResult result, String marker) {
        List<String> values = new ArrayList<>();
        for (BatchRecord record : result.passed().records()) {
            String json = new String(record.json(), StandardCharsets.UTF_8);
            int start = json.indexOf(marker) + marker.length();
            values.add(json.substring(start, json.indexOf('"', start)));
        }
        return values;
    }

}
