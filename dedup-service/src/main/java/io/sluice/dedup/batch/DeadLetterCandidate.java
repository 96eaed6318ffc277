package io.sluice.dedup.batch;

import java.util.Objects;

import io.sluice.model.envelope.SourcePosition;

/**
 * A record the dedup stage cannot handle, for the pipeline's dead-letter stream.
 *
 * @param reason one line, e.g. {@code missing key field user.id}
 * @param original the record's JSON bytes as received (not copied)
 */
public record DeadLetterCandidate(SourcePosition position, String reason, byte[] original) {

    public DeadLetterCandidate {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(original, "original");
    }

}
