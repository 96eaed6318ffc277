package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.dedup.state.OwnRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable claims ({@code SLUICE_DEDUP_WAITREPLICAS}): Redis replicates asynchronously, so a master
 * that dies can take claims it acknowledged with it and let their duplicates through after a
 * failover. A store that requires replica acknowledgements answers a batch's claims only once
 * that many replicas have them ({@code WAIT}); until then the batch fails and is retried, and its
 * output is not published. Against a master and a replica of the test's own.
 */
class RedisReplicaAcksIntegrationTests {

    private static final int MASTER_PORT = 6393;

    private static final int REPLICA_PORT = 6394;

    private OwnRedis master;

    private OwnRedis replica;

    private RedisDedupStore store;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void claimsAnsweredOnlyOnceAReplicaHoldsThem() throws Exception {
        master = OwnRedis.start(MASTER_PORT);
        replica = OwnRedis.start(REPLICA_PORT, "--replicaof", "127.0.0.1", Integer.toString(MASTER_PORT));
        await().atMost(Duration.ofSeconds(30)).until(() -> onlineReplicas() == 1);
        store = RedisDedupStore.connect(RedisURI.create(master.uri()), "acks:", Duration.ofSeconds(5))
                .withReplicaAcks(new ReplicaAcks(1, Duration.ofSeconds(2)));

        List<PartitionOffset> first = store.claimFirstAsync("p", "s", List.of(claim("k1", 7)), Duration.ofMinutes(1)).join();

        assertThat(first).containsExactly((PartitionOffset) null);
        assertThat(replicaHoldsClaims()).as("the claim is on the replica when the store answers").isTrue();
    }

    @Test
    void withoutTheReplicaTheBatchFailsAndSaysWhy() throws Exception {
        master = OwnRedis.start(MASTER_PORT);
        store = RedisDedupStore.connect(RedisURI.create(master.uri()), "acks:", Duration.ofSeconds(5))
                .withReplicaAcks(new ReplicaAcks(1, Duration.ofMillis(300)));

        assertThatThrownBy(() -> store.claimFirstAsync("p", "s", List.of(claim("k1", 7)), Duration.ofMinutes(1)).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DedupStoreException.class)
                .hasMessageContaining("0 of the 1 replicas")
                .hasMessageContaining("SLUICE_DEDUP_WAITREPLICAS");
        // A retry claims again and finds its own position: the record is still a first sighting.
        store.close();
        store = RedisDedupStore.connect(RedisURI.create(master.uri()), "acks:", Duration.ofSeconds(5));
        assertThat(store.claimFirstAsync("p", "s", List.of(claim("k1", 7)), Duration.ofMinutes(1)).join())
                .containsExactly(new PartitionOffset(0, 7));
    }

    /**
     * What waiting costs: the same batches of 1,000 claims with and without the replica's
     * acknowledgement, one batch in flight at a time (a lane's worst case; lanes overlap their
     * waits). Printed and written to target/replica-acks.txt, never asserted: timings here are noisy.
     */
    @Test
    void measuresWhatWaitingForTheReplicaCosts() throws Exception {
        master = OwnRedis.start(MASTER_PORT, "--appendonly", "yes");
        replica = OwnRedis.start(REPLICA_PORT, "--replicaof", "127.0.0.1", Integer.toString(MASTER_PORT));
        await().atMost(Duration.ofSeconds(30)).until(() -> onlineReplicas() == 1);
        int batches = 100;
        long without;
        long with;
        store = RedisDedupStore.connect(RedisURI.create(master.uri()), "acks:", Duration.ofSeconds(5))
                .withReplicaAcks(new ReplicaAcks(1, Duration.ofSeconds(2)));
        try (RedisDedupStore plain = RedisDedupStore.connect(RedisURI.create(master.uri()), "plain:", Duration.ofSeconds(5))) {
            // Both warmed up first (the JIT), then measured in turns.
            claimBatches(plain, "warm", batches);
            claimBatches(store, "warm", batches);
            without = claimBatches(plain, "a", batches) + claimBatches(plain, "b", batches);
            with = claimBatches(store, "a", batches) + claimBatches(store, "b", batches);
        }
        batches *= 2;
        String report = String.format("%d batches of 1,000 claims, one at a time, master with AOF and one replica:%n"
                + "  without WAIT: %,d claims/s%n  with WAIT 1:   %,d claims/s (%.2f of without)%n", batches,
                batches * 1_000L * 1_000_000_000L / without, batches * 1_000L * 1_000_000_000L / with, (double) without / with);
        Files.writeString(Path.of("target", "replica-acks.txt"), report);
        System.out.println(report);
        assertThat(replicaHoldsClaims()).isTrue();
    }

    /** Nanoseconds to claim {@code batches} batches of 1,000 new keys, one after the other. */
    private static long claimBatches(RedisDedupStore store, String run, int batches) {
        long started = System.nanoTime();
        for (int batch = 0; batch < batches; batch++) {
            List<Claim> claims = new ArrayList<>(1_000);
            for (int i = 0; i < 1_000; i++) {
                claims.add(claim(run + "-" + batch + "-" + i, batch * 1_000L + i));
            }
            store.claimFirstAsync("p", "s", claims, Duration.ofMinutes(1)).join();
        }
        return System.nanoTime() - started;
    }

    @Test
    void withoutReplicaAcksNothingWaits() throws Exception {
        master = OwnRedis.start(MASTER_PORT);
        store = RedisDedupStore.connect(RedisURI.create(master.uri()), "acks:", Duration.ofSeconds(5))
                .withReplicaAcks(ReplicaAcks.NONE);

        assertThat(store.claimFirstAsync("p", "s", List.of(claim("k1", 7)), Duration.ofMinutes(1)).join())
                .containsExactly((PartitionOffset) null);
    }

    private static Claim claim(String key, long offset) {
        return new Claim(key.getBytes(StandardCharsets.UTF_8), new PartitionOffset(0, offset));
    }

    private long onlineReplicas() {
        RedisClient client = RedisClient.create(master.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String info = connection.sync().info("replication");
            // Only a replica past its first full sync ("online") acknowledges a WAIT.
            return info.lines().filter(line -> line.startsWith("slave") && line.contains("state=online")).count();
        } finally {
            client.shutdown();
        }
    }

    /** Whether the replica holds a key (the claim keys are hashed; the test's Redis holds nothing else). */
    private boolean replicaHoldsClaims() {
        RedisClient client = RedisClient.create(replica.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().dbsize() > 0;
        } finally {
            client.shutdown();
        }
    }
}
