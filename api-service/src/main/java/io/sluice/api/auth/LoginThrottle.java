package io.sluice.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing: after {@code maxFailures} failures of one client within {@code window},
 * that client is locked out for {@code lockout}. A client is a client address (as the servlet
 * container reports it, after a trusted proxy's X-Forwarded-For), never a username: keyed by
 * username, anyone could keep the admin locked out by failing as "admin" on purpose.
 *
 * <p>In memory, per api-service replica. At most {@code maxTracked} clients are remembered, the
 * oldest forgotten first, so a flood of made-up clients cannot exhaust memory; but a client that
 * is locked out is never forgotten before its lockout ends (else a flood would lift it). When
 * every remembered client is locked out, a new client's failure is not remembered until one
 * lockout ends.
 */
final class LoginThrottle {

    /** Failed logins a client address may make within {@link #LOGIN_WINDOW}. */
    static final int LOGIN_FAILURES = 5;

    static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);

    static final Duration LOGIN_LOCKOUT = Duration.ofMinutes(15);

    /**
     * Unknown bearer tokens a client address may send within {@link #BEARER_WINDOW}. Guessing a
     * 256-bit token is hopeless anyway; this bounds the database look-ups and the guesses at a
     * configured bootstrap token, while a script with an expired token gets its 401s.
     */
    static final int BEARER_FAILURES = 30;

    static final Duration BEARER_WINDOW = Duration.ofMinutes(1);

    static final Duration BEARER_LOCKOUT = Duration.ofMinutes(5);

    static final int MAX_TRACKED = 10_000;

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

    static LoginThrottle forLogins() {
        return new LoginThrottle(LOGIN_FAILURES, LOGIN_WINDOW, LOGIN_LOCKOUT, MAX_TRACKED);
    }

    static LoginThrottle forBearerTokens() {
        return new LoginThrottle(BEARER_FAILURES, BEARER_WINDOW, BEARER_LOCKOUT, MAX_TRACKED);
    }

    /** How long this client must wait before its next attempt, or empty if it may try now. */
    synchronized Optional<Duration> blockedFor(String client, Instant now) {
        Failures recorded = failures.get(client);
        if (recorded == null || !recorded.locked(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, recorded.lockedUntil()));
    }

    synchronized void recordFailure(String client, Instant now) {
        Failures recorded = failures.remove(client);
        if (recorded != null && recorded.locked(now)) {
            // Failing while locked out changes nothing, and must not shorten the lockout.
            failures.put(client, recorded);
            return;
        }
        if (recorded == null || recorded.windowStart().plus(window).isBefore(now)) {
            recorded = new Failures(now, 0, null);
        }
        int count = recorded.count() + 1;
        Instant lockedUntil = count >= maxFailures ? now.plus(lockout) : null;
        // Re-inserted, so the map's order is that of the latest failure: the oldest is forgotten first.
        failures.put(client, new Failures(count >= maxFailures ? now : recorded.windowStart(),
                count >= maxFailures ? 0 : count, lockedUntil));
        forgetOldest(now);
    }

    synchronized void recordSuccess(String client) {
        failures.remove(client);
    }

    private void forgetOldest(Instant now) {
        if (failures.size() <= maxTracked) {
            return;
        }
        failures.values().removeIf(recorded -> recorded.over(now, window));
        Iterator<Map.Entry<String, Failures>> oldest = failures.entrySet().iterator();
        while (failures.size() > maxTracked && oldest.hasNext()) {
            if (!oldest.next().getValue().locked(now)) {
                oldest.remove();
            }
        }
    }

    private record Failures(Instant windowStart, int count, Instant lockedUntil) {

        boolean locked(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        boolean over(Instant now, Duration window) {
            return !locked(now) && windowStart.plus(window).isBefore(now);
        }
    }
}
