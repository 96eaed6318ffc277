package io.sluice.sink.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.sluice.sink.batch.ReadMessage;
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
     * Each message is handed to {@code each} decoded as it is read, in order (the lane builds its
     * block from it), and only what the lane keeps of it is returned. After a failure the messages
     * handed over so far are no block: the next read starts over.
     */
    List<ReadMessage> readNext(long fromSeq, int maxRecords, long maxBytes, Duration maxDelay, Duration idleWait,
            Consumer<StreamMessage> each) throws Exception;

    /** Messages of the lane not yet read, for lag reports. */
    long pending();

    /** Releases what the reader keeps between reads; the next read starts afresh. */
    @Override
    void close();
}
