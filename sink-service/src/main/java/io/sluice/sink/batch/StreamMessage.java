package io.sluice.sink.batch;

import java.util.Objects;

import io.sluice.model.envelope.Batch;

/**
 * One message of the sink's input stream, decoded: its JetStream stream sequence, its subject (the
 * lane of the stage before, which the purge after a commit goes by) and the batch of records it
 * carries. The sequence is the message's identity in the stream, which is what a block's range and
 * a replay refer to.
 */
public record StreamMessage(long streamSequence, String subject, Batch batch) {

    public StreamMessage {
        if (streamSequence < 1) {
            throw new IllegalArgumentException("JetStream stream sequences start at 1, not " + streamSequence);
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(batch, "batch");
    }

}
