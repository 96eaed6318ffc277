package io.sluice.dedup.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.sluice.dedup.decision.DedupDecision;
import io.sluice.dedup.decision.PartitionOffset;
import io.sluice.dedup.decision.Verdict;
import io.sluice.model.key.KeyExtractor;
import io.sluice.model.key.EventFields;
import io.sluice.model.key.InvalidEventException;
import io.sluice.dedup.store.Claim;
import io.sluice.dedup.store.DedupStore;
import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;

/**
 * The dedup stage for one batch: filter, then first-wins dedup with one store round trip.
 *
 * <p>Contract with the caller (the JetStream consume loop): publish {@link DedupResult#passed()}
 * with {@link DedupResult#outputMessageId()} and the dead letters, and acknowledge the input only
 * after JetStream acknowledged them. If anything fails before that, do not acknowledge: the
 * redelivered batch gives the same result, because every record that claimed its key finds its
 * own position and passes again, and the republished output carries the same message id.
 *
 * <p>Records keep their order and their bytes (including {@link BatchRecord#key()}). Thread-safe
 * if the store is.
 */
public final class DedupProcessor {

    static final String STAGE = "dedup";

    private final DedupStore store;

    public DedupProcessor(DedupStore store) {
        this.store = store;
    }

    /**
     * @param inputMessageId the input's {@code Nats-Msg-Id}
     * @param source the source the batch was read from; without a dedup definition only the filter
     * applies
     * @param filter the pipeline's filter, or null to keep every record
     * @throws io.sluice.dedup.store.DedupStoreException if the store failed: retry the batch later
     */
    public DedupResult process(Batch input, String inputMessageId, String pipelineId, SourceDefinition source,
            Filter filter) {
        try {
            return processAsync(input, inputMessageId, pipelineId, source, filter).join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    /**
     * As {@link #process}, returning once the batch's claims are sent: filtering, key extraction
     * and sending happen on the calling thread, so batches processed one after the other by one
     * thread are claimed in that order, and their results complete in that order.
     * @return completes exceptionally with a {@link io.sluice.dedup.store.DedupStoreException} if
     * the store failed
     */
    public CompletableFuture<DedupResult> processAsync(Batch input, String inputMessageId, String pipelineId,
            SourceDefinition source, Filter filter) {
        return processAsync(input, inputMessageId, pipelineId, source, filter, null);
    }

    /**
     * As {@link #processAsync(Batch, String, String, SourceDefinition, Filter)}, with the claims
     * guarded by the sentinel of {@code lane} (see {@link io.sluice.dedup.store.DedupStore#claimFirstGuardedAsync}).
     * @param lane the lane the batch was read from (partition number or {@code replay}), or null for unguarded claims
     * @return completes exceptionally with a {@link io.sluice.dedup.store.StateLostException} if the
     * store no longer holds the lane's sentinel
     */
    public CompletableFuture<DedupResult> processAsync(Batch input, String inputMessageId, String pipelineId,
            SourceDefinition source, Filter filter, String lane) {
        String outputMessageId = NatsNames.derivedMessageId(inputMessageId, STAGE);
        DedupDefinition dedup = source.dedup();
        KeyExtractor extractor = (dedup != null) ? new KeyExtractor(dedup.key(), source.schema()) : null;
        List<BatchRecord> records = input.records();
        List<BatchRecord> candidates = new ArrayList<>(records.size());
        List<Claim> claims = new ArrayList<>(records.size());
        List<DeadLetterCandidate> deadLetters = new ArrayList<>();
        int filtered = 0;
        for (int i = 0; i < records.size(); i++) {
            BatchRecord record = records.get(i);
            try {
                EventFields fields = null;
                if (filter != null) {
                    fields = EventFields.parse(record.json());
                    if (!filter.evaluate(fields)) {
                        filtered++;
                        continue;
                    }
                }
                if (extractor != null) {
                    claims.add(new Claim(canonicalKey(record, fields, extractor),
                            new PartitionOffset(input.partition(), record.offset())));
                }
                candidates.add(record);
            }
            catch (InvalidEventException ex) {
                deadLetters.add(new DeadLetterCandidate(input.position(i), ex.getMessage(), record.json()));
            }
        }
        int filteredCount = filtered;
        if (extractor == null || claims.isEmpty()) {
            return CompletableFuture.completedFuture(new DedupResult(new Batch(input.sourceTopic(), input.partition(), candidates),
                    outputMessageId, 0, filteredCount, deadLetters));
        }
        CompletableFuture<List<PartitionOffset>> claimed = (lane == null)
                ? this.store.claimFirstAsync(pipelineId, source.id(), claims, dedup.window().duration())
                : this.store.claimFirstGuardedAsync(pipelineId, source.id(), lane, claims, dedup.window().duration());
        return claimed
            .thenApply((previous) -> {
                List<BatchRecord> passed = new ArrayList<>(candidates.size());
                int duplicates = 0;
                for (int i = 0; i < candidates.size(); i++) {
                    Verdict verdict = DedupDecision.decide(claims.get(i).position(), previous.get(i));
                    if (verdict.passes()) {
                        passed.add(candidates.get(i));
                    }
                    else {
                        duplicates++;
                    }
                }
                return new DedupResult(new Batch(input.sourceTopic(), input.partition(), passed), outputMessageId, duplicates,
                        filteredCount, deadLetters);
            });
    }

    /**
     * The key ingest computed if it did, else the same bytes made from the JSON (parsed once for
     * filter and key): a batch ingested before the source had a dedup key carries none.
     */
    private static byte[] canonicalKey(BatchRecord record, EventFields fields, KeyExtractor extractor) {
        if (record.key() != null) {
            return record.key();
        }
        return extractor.canonicalKey((fields != null) ? fields : EventFields.parse(record.json()));
    }

}
