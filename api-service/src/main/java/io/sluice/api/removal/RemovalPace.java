package io.sluice.api.removal;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the remover waits before its next check of the pending removals. Pure.
 *
 * <p>Every check interval while a removal is pending, or while one deleted through this
 * api-service may not be visible yet (its transaction may not have committed when the remover was
 * hurried); otherwise every quiet period. A removal finishes no sooner than a quiet period after it
 * is first seen, so an idle installation need not read PostgreSQL every second (at 1 s, the
 * api-service's largest idle cost), and a pipeline deleted through another api-service replica is
 * seen within a quiet period.
 */
record RemovalPace(Duration checkInterval, Duration quietPeriod) {

    /**
     * @param pending      whether the last check found a removal pending (or could not tell)
     * @param hurriedUntil until when a deletion through this api-service asks for quick checks
     */
    Duration next(boolean pending, Instant now, Instant hurriedUntil) {
        if (pending || now.isBefore(hurriedUntil) || quietPeriod.compareTo(checkInterval) < 0) {
            return checkInterval;
        }
        return quietPeriod;
    }
}
