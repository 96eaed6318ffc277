package io.sluice.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff for transient failures (ClickHouse, Redis, NATS): {@code initial},
 * doubling per attempt, never more than {@code max}. Each delay is drawn between half and all of
 * that value so that replicas which failed together do not retry together.
 */
public final class Backoff {

    private final Duration initial;

    private final Duration max;

    private final DoubleSupplier random;

    /** @param random values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** How long to wait before retry number {@code attempt}, counting from 1. */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        long initialNanos = this.initial.toNanos();
        long maxNanos = this.max.toNanos();
        // Shift with care: 2^62 nanoseconds is 146 years, far beyond any cap.
        int doublings = Math.min(attempt - 1, 62);
        long ceiling = (initialNanos > (maxNanos >> doublings)) ? maxNanos : Math.min(maxNanos, initialNanos << doublings);
        double fraction = 0.5 + 0.5 * this.random.getAsDouble();
        return Duration.ofNanos((long) (ceiling * fraction));
    }

}
