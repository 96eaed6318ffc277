package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.List;

import io.sluice.sink.batch.StreamMessage;

/** Reads a lane's input from the stream by stream sequence; the edge the sink's determinism rests on. */
interface RangeReader extends AutoCloseable {

    /**
     * Every message of the lane with a stream sequence in {@code [fromSeq, toSeq]}, in order, where
     * {@code toSeq} is a message of the lane (a recorded block ends with one). Never fewer: it waits
     * for the range's last message, fails (to be retried) if that takes too long, and throws
     * {@link RangeGoneException} if the stream no longer holds it.
     */
    List<StreamMessage> readRange(long fromSeq, long toSeq) throws Exception;

    /**
     * Messages of the lane from {@code fromSeq} on, until they hold {@code maxRecords} records or
     * {@code maxBytes} bytes, or {@code maxDelay} passed since the first arrived; empty when none
     * arrived within {@code idleWait}. Messages are never split: the last one may go past a limit.
     */
    List<StreamMessage> readNext(long fromSeq, int maxRecords, long maxBytes, Duration maxDelay, Duration idleWait)
            throws Exception;

    /** Messages of the lane not yet read, for lag reports. */
    long pending();

    /** Releases what the reader keeps between reads; the next read starts afresh. */
    @Override
    void close();
}
