package io.sluice.api.distribution;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubled after each failure, never more than {@code max}. */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
    }

    /** How long to wait before the next attempt, after {@code failures} failed ones in a row. */
    Duration delay(int failures) {
        if (failures <= 0) {
            return initial;
        }
        // Past 2^20 times the initial delay it is max anyway; stop before the shift overflows.
        long factor = 1L << Math.min(failures, 20);
        Duration delay = initial.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
