package io.sluice.dedup.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.dedup.store.Claim;
import io.sluice.dedup.store.DedupStore;

/**
 * First-wins in a map, without expiry, for unit tests of the processor's own logic; the Redis
 * store's semantics are proven against the real server in its integration tests.
 */
class InMemoryDedupStore implements DedupStore {

    private final Map<String, PartitionOffset> firsts = new HashMap<>();

    int calls;

    Duration lastWindow;

    @Override
    public CompletableFuture<List<PartitionOffset>> claimFirstAsync(String pipelineId, String sourceId, List<Claim> claims,
            Duration window) {
        return CompletableFuture.completedFuture(claim(pipelineId, sourceId, claims, window));
    }

    private synchronized List<PartitionOffset> claim(String pipelineId, String sourceId, List<Claim> claims, Duration window) {
        this.calls++;
        this.lastWindow = window;
        List<PartitionOffset> previous = new ArrayList<>();
        for (Claim claim : claims) {
            String key = pipelineId + ":" + sourceId + ":" + HexFormat.of().formatHex(claim.canonicalKey());
            previous.add(this.firsts.putIfAbsent(key, claim.position()));
        }
        return previous;
    }

}
