package io.sluice.dedup.batch;

import java.util.List;

import io.sluice.model.envelope.Batch;

/**
 * What dedup made of one input batch.
 *
 * @param passed the records that pass, in input order with their source positions
 * @param outputMessageId the {@code Nats-Msg-Id} to publish {@code passed} with, derived from the
 * input's, so a republish after a crash is dropped by JetStream
 * @param duplicates records dropped because another record with the same key was first
 * @param filtered records dropped because they do not match the pipeline's filter
 * @param deadLetters records that cannot be handled, with the reason, in input order
 */
public record DedupResult(Batch passed, String outputMessageId, int duplicates, int filtered,
        List<DeadLetterCandidate> deadLetters) {

    public DedupResult {
        deadLetters = List.copyOf(deadLetters);
    }

    /**
     * Whether there is a batch to publish. When not, the input can be acknowledged once the
     * dead letters (if any) are published.
     */
    public boolean hasOutput() {
        return !this.passed.records().isEmpty();
    }

}
