package io.sluice.worker.lane;

import java.util.concurrent.CompletableFuture;

import io.nats.client.Message;

/**
 * Processes a lane's batches for {@link LaneRunner}: the part of a stage (dedup, join) that is its
 * own. Batches are handed over in stream order and processed concurrently, but their outputs reach
 * the stream strictly in that order: each is published only once the previous batch's output is
 * stored. So a lane's output subject always holds a gap-free prefix of its inputs, and its last
 * message tells which inputs are published.
 *
 * <p>A batch may be handed over again (after a failure, a crash, or to a replica that took the lane
 * over): processing it again must come out the same, with the same message ids, since exactly-once
 * rests on that.
 */
public interface LaneHandler {

    /**
     * Starts processing one input batch.
     *
     * @param previous completes once the lane's previous batch is published (or failed, in which
     *                 case this batch publishes nothing either and fails too)
     * @return completes once this batch's output and dead letters are stored
     */
    CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) throws Exception;

    /**
     * The stream sequence of the last input of {@code lane} whose output is stored (0 if none is
     * known): the lane publishes nothing for inputs up to it again.
     */
    long publishedThrough(Lane lane) throws Exception;
}
