package io.sluice.dedup.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.sluice.dedup.decision.PartitionOffset;

/** Where dedup remembers, per key and for one window, the position of the first record. */
public interface DedupStore {

    /**
     * Stores each claim's position under its key unless a position is stored there already, in
     * the order given, so that of two claims with the same key in one call the later one sees
     * the earlier one's position. A stored position lives for {@code window} from the moment it
     * was stored; later claims on the key neither replace it nor extend its life.
     * @param pipelineId the pipeline, and
     * @param sourceId the source whose key space this is
     * @param window how long a first position is kept
     * @return for each claim, in order: the position stored before the claim, or null if the
     * claim stored its own
     * @throws DedupStoreException if the store did not answer every claim: some may have been
     * stored, so the caller must not acknowledge the batch and must claim again later (which is
     * safe: a record finds its own position and passes again)
     */
    default List<PartitionOffset> claimFirst(String pipelineId, String sourceId, List<Claim> claims, Duration window) {
        try {
            return claimFirstAsync(pipelineId, sourceId, claims, window).join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    /**
     * As {@link #claimFirst}, without waiting for the answer. Claims of calls made one after the
     * other from one thread are applied in that order (the Redis store sends them down one
     * connection), which is what lets a lane keep several batches in flight and still have the
     * first record in stream order win; the returned futures also complete in that order.
     * @return completes with the previous positions, or exceptionally with a
     * {@link DedupStoreException}
     */
    CompletableFuture<List<PartitionOffset>> claimFirstAsync(String pipelineId, String sourceId, List<Claim> claims,
            Duration window);

    /**
     * As {@link #claimFirstAsync}, for the claims of one lane (a source partition, or
     * {@code replay}), applied only while the store still holds the lane's sentinel, written when
     * the lane first claimed: if it is gone, the store lost the lane's earlier claims and claiming
     * now would let duplicates of earlier events pass.
     * @return completes exceptionally with a {@link StateLostException} (nothing claimed) if the
     * sentinel is missing or marks the lane as lost. A store that cannot lose its claims apart
     * from the process (in memory) claims unguarded, which is this default.
     */
    default CompletableFuture<List<PartitionOffset>> claimFirstGuardedAsync(String pipelineId, String sourceId, String lane,
            List<Claim> claims, Duration window) {
        return claimFirstAsync(pipelineId, sourceId, claims, window);
    }

}
