package io.sluice.dedup.state;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The value of a lane's sentinel key in Redis. {@code epoch <since> <id>}: the lane's claims are
 * all there since {@code since}, written when the lane first claimed (or when a loss was
 * acknowledged). {@code lost <at> <reason>}: the state was found lost at {@code at} and not yet
 * acknowledged; kept in Redis so that every replica, and this one after a restart, sees it.
 * The claim script accepts only values starting with {@code "epoch "}.
 */
public record SentinelValue(boolean lost, Instant at, String detail) {

    static SentinelValue epoch(Instant since) {
        return new SentinelValue(false, since, UUID.randomUUID().toString());
    }

    static SentinelValue lost(Instant at, String reason) {
        return new SentinelValue(true, at, reason);
    }

    /** @return the value, or null for null; an unreadable value counts as lost at an unknown time */
    static SentinelValue parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(" ", 3);
        if (parts.length == 3 && (parts[0].equals("epoch") || parts[0].equals("lost"))) {
            try {
                return parts[0].equals("lost") ? lost(Instant.parse(parts[1]), parts[2])
                        : new SentinelValue(false, Instant.parse(parts[1]), parts[2]);
            } catch (RuntimeException unreadable) {
                // falls through
            }
        }
        return lost(Instant.EPOCH, "unreadable sentinel \"" + value + "\"");
    }

    /**
     * A lane's sentinel from its buckets' sentinels on a Redis Cluster (one value, read in bucket
     * order; null where missing): a loss any bucket marks (or an unreadable value), else missing if
     * any bucket's is (its master lost it), else the first. Pure.
     */
    static String ofBuckets(List<String> values) {
        String first = null;
        for (String value : values) {
            if (value != null && !value.startsWith("epoch ")) {
                return value;
            }
        }
        for (String value : values) {
            if (value == null) {
                return null;
            }
            first = (first == null) ? value : first;
        }
        return first;
    }

    String text() {
        return lost ? "lost " + at + " " + detail : "epoch " + at + " " + detail;
    }
}
