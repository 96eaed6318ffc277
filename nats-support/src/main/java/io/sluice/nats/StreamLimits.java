package io.sluice.nats;

import java.time.Duration;
import java.util.Objects;

/**
 * Retention limits of a pipeline's streams. The workers and the api-service read them from the
 * same settings ({@code sluice.worker.stream-max-age}, {@code stream-max-bytes},
 * {@code duplicate-window}), so a stream is the same whichever of them creates it.
 *
 * @param deadLetterMaxAge dead letters older than this are dropped (the data stream has no age limit)
 * @param maxBytes         size limit of each stream
 * @param duplicateWindow  how long JetStream remembers message ids to drop a republish
 */
public record StreamLimits(Duration deadLetterMaxAge, long maxBytes, Duration duplicateWindow) {

    // The settings' defaults, in Spring Boot's notation for the services' @DefaultValue: written
    // once, so the api-service and the workers cannot default to different streams.

    /** Default of {@code sluice.worker.stream-max-age}. */
    public static final String DEFAULT_DEAD_LETTER_MAX_AGE = "7d";

    /** Default of {@code sluice.worker.stream-max-bytes}: 1 GiB. */
    public static final String DEFAULT_MAX_BYTES = "1073741824";

    /** Default of {@code sluice.worker.duplicate-window}. */
    public static final String DEFAULT_DUPLICATE_WINDOW = "10m";

    public StreamLimits {
        Objects.requireNonNull(deadLetterMaxAge, "deadLetterMaxAge");
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    }
}
