package io.sluice.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins of one username within
 * {@code window}, that username is locked out for {@code lockout}. In memory, per api-service
 * replica; at most {@code maxTracked} usernames are remembered, the oldest forgotten first, so a
 * flood of made-up usernames cannot exhaust memory.
 */
final class LoginThrottle {

    private final int maxFailures;

    private final Duration window;

    private final Duration lockout;

    private final int maxTracked;

    private final LinkedHashMap<String, Failures> failures = new LinkedHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration lockout, int maxTracked) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.maxTracked = maxTracked;
    }

    /** How long this username must wait before its next attempt, or empty if it may try now. */
    synchronized Optional<Duration> blockedFor(String username, Instant now) {
        Failures recorded = failures.get(username);
        if (recorded == null || recorded.lockedUntil() == null || !recorded.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, recorded.lockedUntil()));
    }

    synchronized void recordFailure(String username, Instant now) {
        Failures recorded = failures.remove(username);
        if (recorded == null || recorded.windowStart().plus(window).isBefore(now)) {
            recorded = new Failures(now, 0, null);
        }
        int count = recorded.count() + 1;
        Instant lockedUntil = count >= maxFailures ? now.plus(lockout) : null;
        // Re-inserted, so the map's order is that of the latest failure: the oldest is forgotten first.
        failures.put(username, new Failures(count >= maxFailures ? now : recorded.windowStart(),
                count >= maxFailures ? 0 : count, lockedUntil));
        forgetOldest(now);
    }

    synchronized void recordSuccess(String username) {
        failures.remove(username);
    }

    private void forgetOldest(Instant now) {
        if (failures.size() <= maxTracked) {
            return;
        }
        failures.values().removeIf(recorded -> recorded.over(now, window));
        Iterator<Map.Entry<String, Failures>> oldest = failures.entrySet().iterator();
        while (failures.size() > maxTracked && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private record Failures(Instant windowStart, int count, Instant lockedUntil) {

        boolean over(Instant now, Duration window) {
            return (lockedUntil == null || !lockedUntil.isAfter(now)) && windowStart.plus(window).isBefore(now);
        }
    }
}
