package io.sluice.ingest.kafka;

import java.time.Duration;

/**
 * How long a partition waits before it asks the stream for its position again: {@code first},
 * doubled with every failure in a row, at most {@code max}. Pure.
 */
record RetryBackoff(Duration first, Duration max) {

    static RetryBackoff of(SourceSettings settings) {
        return new RetryBackoff(settings.retryBackoff(), settings.maxRetryBackoff());
    }

    /** @param failures the failures in a row before this one */
    Duration after(int failures) {
        long millis = first.toMillis() << Math.min(failures, 16);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
