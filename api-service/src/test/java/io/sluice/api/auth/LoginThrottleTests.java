package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), Duration.ofMinutes(10), 100);

    @Test
    void allowsAttemptsBelowTheLimit() {
        throttle.recordFailure("admin", T0);
        throttle.recordFailure("admin", T0.plusSeconds(1));

        assertThat(throttle.blockedFor("admin", T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void locksTheUsernameOutAfterTooManyFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("admin", T0);
        }

        assertThat(throttle.blockedFor("admin", T0.plusSeconds(60))).contains(Duration.ofMinutes(9));
        assertThat(throttle.blockedFor("admin", T0.plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void failingAgainWhileLockedOutDoesNotShortenOrLiftTheLockout() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("203.0.113.7", T0);
        }
        throttle.recordFailure("203.0.113.7", T0.plus(Duration.ofMinutes(5)));

        assertThat(throttle.blockedFor("203.0.113.7", T0.plus(Duration.ofMinutes(6)))).contains(Duration.ofMinutes(4));
    }

    @Test
    void lockoutOfOneUsernameLeavesOthersAlone() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("mallory", T0);
        }

        assertThat(throttle.blockedFor("admin", T0)).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        throttle.recordFailure("admin", T0);
        throttle.recordFailure("admin", T0.plusSeconds(1));
        throttle.recordFailure("admin", T0.plus(Duration.ofMinutes(16)));

        assertThat(throttle.blockedFor("admin", T0.plus(Duration.ofMinutes(16)))).isEmpty();
    }

    @Test
    void successForgetsEarlierFailures() {
        throttle.recordFailure("admin", T0);
        throttle.recordFailure("admin", T0);
        throttle.recordSuccess("admin");
        throttle.recordFailure("admin", T0);

        assertThat(throttle.blockedFor("admin", T0)).isEmpty();
    }

    @Test
    void remembersABoundedNumberOfClientsButAFloodCannotLiftALockout() {
        LoginThrottle small = new LoginThrottle(2, Duration.ofMinutes(15), Duration.ofMinutes(10), 2);
        small.recordFailure("admin", T0);
        small.recordFailure("admin", T0);

        for (int i = 0; i < 100; i++) {
            small.recordFailure("made-up-" + i, T0.plusSeconds(1));
        }

        assertThat(small.blockedFor("admin", T0.plusSeconds(2))).contains(Duration.ofMinutes(10).minusSeconds(2));
    }

    @Test
    void forgetsTheOldestClientsThatAreNotLockedOut() {
        LoginThrottle small = new LoginThrottle(2, Duration.ofMinutes(15), Duration.ofMinutes(10), 2);
        small.recordFailure("first", T0);

        small.recordFailure("a", T0.plusSeconds(1));
        small.recordFailure("b", T0.plusSeconds(2));
        small.recordFailure("first", T0.plusSeconds(3));

        // "first" was forgotten to make room, so its second failure counts as its first.
        assertThat(small.blockedFor("first", T0.plusSeconds(4))).isEmpty();
    }
}
