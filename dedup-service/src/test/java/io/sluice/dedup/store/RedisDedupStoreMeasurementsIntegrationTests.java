package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.sun.management.OperatingSystemMXBean;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory per key and claims per second on the real Redis, reported on standard output and in
 * {@code target/dedup-measurements.txt} (DEDUP.md quotes them). Only the memory bound is asserted;
 * speed depends on the machine.
 *
 * <p>Keys use a prefix as long as production's {@code sluice:} (the per-class random id, shortened),
 * because the key's length decides its allocation size and so the figure.
 */
@RealServers(RealServer.REDIS)
class RedisDedupStoreMeasurementsIntegrationTests {

    private static final String PREFIX = shortPrefix(TestNamespace.forClass(RedisDedupStoreMeasurementsIntegrationTests.class));

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static final int BATCH = 1000;

    private static final Path REPORT = Path.of("target", "dedup-measurements.txt");

    private static RedisURI uri;

    private static RedisDedupStore store;

    private static RedisDedupStore slicedStore;

    private static RedisClient client;

    private static StatefulRedisConnection<byte[], byte[]> connection;

    private static RedisCommands<byte[], byte[]> redis;

    @BeforeAll
    static void connect() throws IOException {
        uri = RedisURI.create(LocalEndpoints.fromEnvironment().redisUri());
        store = RedisDedupStore.connect(uri, PREFIX, Duration.ofSeconds(30));
        slicedStore = RedisDedupStore.connect(uri, PREFIX, Duration.ofSeconds(30)).withClaimLayout(ClaimLayout.SLICES);
        client = RedisClient.create(uri);
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
        Files.createDirectories(REPORT.getParent());
        report("== dedup measurements, Redis " + info("server", "redis_version") + ", key prefix \"" + PREFIX + "\"");
    }

    @AfterAll
    static void cleanUp() {
        KeyScanCursor<byte[]> cursor = redis.scan(ScanArgs.Builder.matches(PREFIX + "*").limit(10_000));
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                redis.unlink(cursor.getKeys().toArray(new byte[0][]));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(cursor, ScanArgs.Builder.matches(PREFIX + "*").limit(10_000));
        }
        store.close();
        slicedStore.close();
        client.shutdown();
    }

    @Test
    void aMillionClaimsCostAtMostSixtyFourBytesOfRedisEach() {
        ClaimsMemory memory = claimsMemory(slicedStore, "web", 1_000_000);

        report(String.format(Locale.ROOT, "layout slices: %,d claims in %,d hashes of claims (%,d keys in all under the"
                + " source's namespace); MEMORY USAGE of every key of the source, summed: %.1f bytes/claim; INFO memory"
                + " used_memory delta: %.1f bytes/claim (adds the keys' and expiries' table slots; approximate on a shared server)",
                memory.claims(), memory.keys().stream().filter(RedisKeyLayout::isClaimHash).count(), memory.keys().size(),
                memory.usagePerClaim(), memory.usedPerClaim()));
        assertThat(memory.usagePerClaim()).isLessThanOrEqualTo(64);
    }

    @Test
    void aClaimOfThePerKeyLayoutCostsAKeyOfItsOwn() {
        ClaimsMemory memory = claimsMemory(store, "keys", 100_000);

        report(String.format(Locale.ROOT, "layout keys: key %d bytes (namespace + 16 hash), value int-encoded packed"
                + " partition/offset; MEMORY USAGE summed %.1f bytes/claim; used_memory delta over %,d claims %.1f bytes/claim",
                memory.keys().get(0).length, memory.usagePerClaim(), memory.claims(), memory.usedPerClaim()));
        assertThat(memory.usagePerClaim()).isLessThanOrEqualTo(120);
    }

    /** What {@code claims} fresh claims of one source cost Redis: its keys, their summed MEMORY USAGE, used_memory's growth. */
    private record ClaimsMemory(int claims, List<byte[]> keys, double usagePerClaim, double usedPerClaim) {
    }

    private static ClaimsMemory claimsMemory(RedisDedupStore claimer, String source, int claims) {
        long usedBefore = Long.parseLong(info("memory", "used_memory"));
        for (int batch = 0; batch < claims / BATCH; batch++) {
            claimer.claimFirst("orders", source, claims(source, batch), WINDOW);
        }
        long usedAfter = Long.parseLong(info("memory", "used_memory"));
        byte[] namespace = RedisKeyLayout.single(PREFIX).namespace("orders", source, 0);
        List<byte[]> keys = RedisClaimsBehaviour.scanAll(redis, new String(namespace, StandardCharsets.UTF_8) + "*");
        return new ClaimsMemory(claims, keys, totalMemoryUsage(keys) / (double) claims, (usedAfter - usedBefore) / (double) claims);
    }

    @Test
    void decimalPackedPositionIsTheSmallestValueRedisCanHold() {
        double text = valueMemory("text", (p) -> ("orders/" + p.partition() + "/" + p.offset()).getBytes(StandardCharsets.US_ASCII));
        double binary = valueMemory("binary", RedisDedupStoreMeasurementsIntegrationTests::varints);
        double packed = valueMemory("packed", StoredPosition::encode);

        report(String.format(Locale.ROOT,
                "MEMORY USAGE by value encoding (same keys, offsets near 10^8): text topic/partition/offset %.1f,"
                        + " binary varints %.1f, decimal packed long %.1f bytes/key",
                text, binary, packed));
        assertThat(packed).isLessThan(binary);
        assertThat(binary).isLessThanOrEqualTo(text);
    }

    @Test
    void claimsPerSecondInBatchesOfAThousand() throws Exception {
        PipelinedSets sets = new PipelinedSets();
        Variant script = new Variant("the store, layout keys: EVAL running SET NX GET PX per key",
                (claims) -> store.claimFirst("orders", "store", claims, WINDOW));
        Variant sliced = new Variant("the store, layout slices: EVAL claiming into the window's slices",
                (claims) -> slicedStore.claimFirst("orders", "sliced", claims, WINDOW));
        Variant pipelined = new Variant("the same SETs as 1,000 pipelined commands", sets::claim);
        for (int batch = 0; batch < 50; batch++) {
            store.claimFirst("orders", "warm", claims("warm", batch), WINDOW);
            sets.claim(claims("sets-warm", batch));
        }
        // The two alternate round by round, in turn first, so that load from other processes on
        // this shared machine hits both alike. CPU time (this JVM's, and Redis's from INFO cpu) is
        // reported besides wall time because it depends much less on that load.
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            boolean scriptFirst = (round % 2 == 0);
            (scriptFirst ? script : pipelined).round(round, 20);
            (scriptFirst ? pipelined : script).round(round, 20);
            sliced.round(round, 20);
        }
        sets.close();
        script.report();
        sliced.report();
        pipelined.report();

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            int batches = 200;
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int first = thread * batches / 2;
                done.add(threads.submit(() -> {
                    for (int batch = first; batch < first + batches / 2; batch++) {
                        store.claimFirst("orders", "shared", claims("shared", batch), WINDOW);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
            report(String.format(Locale.ROOT, "the store, 2 threads sharing its connection: %,.0f keys/s",
                    rate(batches * BATCH, System.nanoTime() - start)));
        }
        finally {
            threads.shutdownNow();
        }
        report(String.format(Locale.ROOT, "one round trip per key (sync SET NX GET PX), %d keys: %,.0f keys/s", BATCH,
                oneByOneRate()));
        report("load average during the run: " + Files.readString(Path.of("/proc/loadavg")).trim() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @FunctionalInterface
    private interface BatchClaimer {

        void claim(List<Claim> claims) throws Exception;

    }

    /** Claims per second, client and Redis CPU per key, and batch latency of one way to claim. */
    private static final class Variant {

        private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        private final String name;

        private final BatchClaimer claimer;

        private final List<Double> rates = new ArrayList<>();

        private final List<Long> batchNanos = new ArrayList<>();

        private long keys;

        private long clientCpuNanos;

        private double redisCpuSeconds;

        Variant(String name, BatchClaimer claimer) {
            this.name = name;
            this.claimer = claimer;
        }

        void round(int round, int batches) throws Exception {
            double redisCpu = redisCpuSeconds();
            long clientCpu = OS.getProcessCpuTime();
            long start = System.nanoTime();
            for (int batch = round * batches; batch < (round + 1) * batches; batch++) {
                List<Claim> claims = claims(this.name.substring(0, 8) + "-" + batch % 2, batch);
                long batchStart = System.nanoTime();
                this.claimer.claim(claims);
                this.batchNanos.add(System.nanoTime() - batchStart);
            }
            this.rates.add(rate(batches * BATCH, System.nanoTime() - start));
            this.clientCpuNanos += OS.getProcessCpuTime() - clientCpu;
            this.redisCpuSeconds += redisCpuSeconds() - redisCpu;
            this.keys += (long) batches * BATCH;
        }

        void report() {
            double[] rates = this.rates.stream().mapToDouble(Double::doubleValue).toArray();
            long[] nanos = this.batchNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            RedisDedupStoreMeasurementsIntegrationTests.report(String.format(Locale.ROOT,
                    "%s, 1 thread, batches of %d: median round %,.0f keys/s (best %,.0f); per batch p50 %.2f ms,"
                            + " p99 %.2f ms; CPU per key: client %.2f us, Redis %.2f us",
                    this.name, BATCH, median(rates), max(rates), nanos[nanos.length / 2] / 1e6,
                    nanos[nanos.length * 99 / 100] / 1e6, this.clientCpuNanos / 1e3 / this.keys,
                    this.redisCpuSeconds * 1e6 / this.keys));
        }

        private static double redisCpuSeconds() {
            return Double.parseDouble(info("cpu", "used_cpu_user")) + Double.parseDouble(info("cpu", "used_cpu_sys"));
        }

    }

    /** The alternative to the store's script: the same SETs sent as 1,000 pipelined commands. */
    private static final class PipelinedSets implements AutoCloseable {

        private final StatefulRedisConnection<byte[], byte[]> pipelined = client.connect(ByteArrayCodec.INSTANCE);

        private final byte[] namespace = RedisKeyLayout.single(PREFIX).namespace("orders", "sets", 0);

        private final MessageDigest sha256 = RedisKeyLayout.sha256();

        private final SetArgs firstWins = SetArgs.Builder.nx().px(WINDOW.toMillis());

        PipelinedSets() {
            this.pipelined.setAutoFlushCommands(false);
        }

        void claim(List<Claim> claims) throws Exception {
            RedisAsyncCommands<byte[], byte[]> async = this.pipelined.async();
            List<RedisFuture<byte[]>> replies = new ArrayList<>(claims.size());
            for (Claim claim : claims) {
                replies.add(async.setGet(RedisKeyLayout.key(this.namespace, this.sha256, claim.canonicalKey()),
                        StoredPosition.encode(claim.position()), this.firstWins));
            }
            async.flushCommands();
            CompletableFuture.allOf(replies.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            this.pipelined.close();
        }

    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static double oneByOneRate() {
        byte[] namespace = RedisKeyLayout.single(PREFIX).namespace("orders", "single", 0);
        MessageDigest sha256 = RedisKeyLayout.sha256();
        SetArgs firstWins = SetArgs.Builder.nx().px(WINDOW.toMillis());
        List<Claim> claims = claims("single", 0);
        long start = System.nanoTime();
        for (Claim claim : claims) {
            redis.setGet(RedisKeyLayout.key(namespace, sha256, claim.canonicalKey()), StoredPosition.encode(claim.position()),
                    firstWins);
        }
        return rate(claims.size(), System.nanoTime() - start);
    }

    private static double valueMemory(String encoding, java.util.function.Function<PartitionOffset, byte[]> encoder) {
        byte[] namespace = RedisKeyLayout.single(PREFIX).namespace("orders", "value-" + encoding.charAt(0), 0);
        MessageDigest sha256 = RedisKeyLayout.sha256();
        RedisAsyncCommands<byte[], byte[]> async = connection.async();
        List<RedisFuture<String>> replies = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] key = RedisKeyLayout.key(namespace, sha256, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            keys.add(key);
            replies.add(async.set(key, encoder.apply(new PartitionOffset(i % 12, 100_000_000L + i)),
                    SetArgs.Builder.px(WINDOW.toMillis())));
        }
        CompletableFuture.allOf(replies.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new))
            .join();
        return averageMemoryUsage(namespace, keys.subList(0, 2000));
    }

    private static long totalMemoryUsage(List<byte[]> keys) {
        RedisAsyncCommands<byte[], byte[]> async = connection.async();
        List<RedisFuture<Long>> usages = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            usages.add(async.memoryUsage(key));
        }
        long total = 0;
        for (RedisFuture<Long> usage : usages) {
            Long bytes = usage.toCompletableFuture().join();
            assertThat(bytes).as("MEMORY USAGE of a key just written").isNotNull();
            total += bytes;
        }
        return total;
    }

    private static double averageMemoryUsage(byte[] namespace, List<byte[]> keys) {
        long total = 0;
        for (byte[] key : keys) {
            Long usage = redis.memoryUsage(key);
            assertThat(usage).as("MEMORY USAGE of a key just written").isNotNull();
            total += usage;
        }
        return total / (double) keys.size();
    }

    /** A batch of fresh keys, positions near offset 10^8 as in a long-running topic. */
    private static List<Claim> claims(String label, int batch) {
        List<Claim> claims = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            int index = batch * BATCH + i;
            claims.add(new Claim(canonical(label, index), new PartitionOffset(index % 12, 100_000_000L + index)));
        }
        return claims;
    }

    private static byte[] canonical(String label, int index) {
        return ("s" + label + "-" + index).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] varints(PartitionOffset position) {
        byte[] buffer = new byte[15];
        int length = 0;
        for (long value : new long[] { position.partition(), position.offset() }) {
            while ((value & ~0x7FL) != 0) {
                buffer[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[length++] = (byte) value;
        }
        return Arrays.copyOf(buffer, length);
    }

    private static double rate(int keys, long nanos) {
        return keys / (nanos / 1e9);
    }

    private static String info(String section, String field) {
        for (String line : redis.info(section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    private static String shortPrefix(TestNamespace namespace) {
        String id = namespace.id();
        return "m" + id.substring(id.lastIndexOf('_') + 1) + ":";
    }

    private static void report(String line) {
        System.out.println(line);
        try {
            Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
