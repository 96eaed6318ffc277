package io.sluice.nats;

import java.time.Duration;
import java.util.Objects;

/**
 * Retention limits of a pipeline's streams. The workers and the api-service read them from the
 * same settings ({@code sluice.worker.stream-max-age}, {@code stream-max-batches},
 * {@code stream-max-dead-letters}, {@code stream-max-bytes}, {@code duplicate-window}), so a
 * stream is the same whichever of them creates it.
 *
 * <p>Streams are bounded by message count, not by bytes: JetStream reserves a stream's byte limit
 * from the server's store when the stream is created, written or not, so with a byte limit per
 * stream a server admits only as many pipelines as its disk holds reservations for (1 GiB per
 * stream stopped this machine's server at about 30 pipelines, "insufficient storage resources
 * available [10047]"). A count reserves nothing, and a batch is at most one NATS message (1 MB by
 * default), so the count bounds the bytes as well. The total is bounded by the server's own
 * {@code max_file_store}.
 *
 * @param deadLetterMaxAge dead letters older than this are dropped (the data stream has no age limit)
 * @param maxBytes         byte limit of each stream, {@link #NO_BYTE_LIMIT} for none (the default):
 *                         set, it is reserved from the server's store per stream
 * @param duplicateWindow  how long JetStream remembers message ids to drop a republish
 * @param maxBatches       most messages (batches) the data stream holds per subject (a partition of
 *                         one stage's output): when full, it refuses the next one there and that
 *                         stage waits (ingest: Kafka keeps the rest)
 * @param maxDeadLetters   most dead letters the dead-letter stream keeps: the oldest go first
 */
public record StreamLimits(Duration deadLetterMaxAge, long maxBytes, Duration duplicateWindow, long maxBatches,
        long maxDeadLetters) {

    /** {@link #maxBytes} of a stream without a byte limit. */
    public static final long NO_BYTE_LIMIT = 0;

    // The settings' defaults, in Spring Boot's notation for the services' @DefaultValue: written
    // once, so the api-service and the workers cannot default to different streams.

    /** Default of {@code sluice.worker.stream-max-age}. */
    public static final String DEFAULT_DEAD_LETTER_MAX_AGE = "7d";

    /** Default of {@code sluice.worker.stream-max-bytes}: none, so that nothing is reserved. */
    public static final String DEFAULT_MAX_BYTES = "0";

    /**
     * Default of {@code sluice.worker.stream-max-batches}, per partition and stage: with batches
     * of at most 960 KB, at most about 9 GB each; at a trickle (a batch per linger, 100 ms) about
     * 17 minutes of a stopped stage's input.
     */
    public static final String DEFAULT_MAX_BATCHES = "10000";

    /** Default of {@code sluice.worker.stream-max-dead-letters}. */
    public static final String DEFAULT_MAX_DEAD_LETTERS = "100000";

    /** Default of {@code sluice.worker.duplicate-window}. */
    public static final String DEFAULT_DUPLICATE_WINDOW = "10m";

    public StreamLimits {
        Objects.requireNonNull(deadLetterMaxAge, "deadLetterMaxAge");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("stream-max-bytes must be 0 (no byte limit) or positive, not " + maxBytes);
        }
        if (maxBatches < 1 || maxDeadLetters < 1) {
            throw new IllegalArgumentException("stream-max-batches and stream-max-dead-letters must be at least 1, not "
                    + maxBatches + " and " + maxDeadLetters);
        }
    }

    /** Limits with the default counts of batches and dead letters. */
    public StreamLimits(Duration deadLetterMaxAge, long maxBytes, Duration duplicateWindow) {
        this(deadLetterMaxAge, maxBytes, duplicateWindow, Long.parseLong(DEFAULT_MAX_BATCHES),
                Long.parseLong(DEFAULT_MAX_DEAD_LETTERS));
    }
}
