package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.List;

import io.sluice.sink.batch.StreamMessage;

/** Reads a lane's input from the stream by stream sequence; the edge the sink's determinism rests on. */
interface RangeReader {

    /** Every message of the lane with a stream sequence in {@code [fromSeq, toSeq]}, in order. */
    List<StreamMessage> readRange(long fromSeq, long toSeq) throws Exception;

    /**
     * Messages of the lane from {@code fromSeq} on, until they hold {@code maxRecords} records or
     * {@code maxDelay} passed since the first arrived; empty when none arrived within {@code idleWait}.
     */
    List<StreamMessage> readNext(long fromSeq, int maxRecords, Duration maxDelay, Duration idleWait) throws Exception;

    /** Messages of the lane not yet read, for lag reports. */
    long pending();
}
