package io.sluice.sink.pipeline;

/**
 * A recorded block can no longer be read exactly: messages of its range left the stream (its
 * maximum age passed while no sink ran, or someone deleted them). Inserting what is left would be
 * a different block under a different deduplication identity — duplicating whatever of the first
 * attempt landed — so the lane stops instead and says so.
 */
final class RangeGoneException extends Exception {

    RangeGoneException(long fromSeq, long toSeq, int found, String what) {
        super("the recorded insert covering stream sequences " + fromSeq + "-" + toSeq + " cannot be replayed exactly: "
                + what + " (" + found + " message(s) of the range found; expired by the stream's max age or deleted). "
                + "The lane stopped rather than insert a different block; rows of this range may be missing in ClickHouse");
    }
}
