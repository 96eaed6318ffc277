package io.sluice.sink.pipeline;

import java.io.IOException;

/**
 * What a read from a start sequence may deliver: sequences at or after the start, each after the
 * one before. A JetStream server that has just become a stream's leader after another was killed
 * was seen answering a consumer created "from sequence 115" with sequence 100 (the cluster test's
 * {@code invalid sequence range 115-100}). Taken as read, such messages would be put into a block
 * next to new ones, and rows already inserted would be inserted again in a block ClickHouse has
 * not seen. So the read fails instead, and the lane retries it with backoff. Pure.
 */
final class SequenceOrder {

    private SequenceOrder() {
    }

    /**
     * @param fromSeq  the sequence the read started at
     * @param previous the sequence delivered before in this read, or 0 for the first
     * @param sequence the one delivered now
     * @throws IOException when {@code sequence} is before {@code fromSeq} or not after {@code previous}
     */
    static void check(long fromSeq, long previous, long sequence) throws IOException {
        if (sequence < fromSeq || sequence <= previous) {
            throw new IOException("the stream delivered sequence " + sequence + " to a read from " + fromSeq
                    + (previous > 0 ? " after " + previous : "") + " (a server still catching up after a leader change?);"
                    + " retrying");
        }
    }
}
