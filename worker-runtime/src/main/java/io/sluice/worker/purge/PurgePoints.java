package io.sluice.worker.purge;

import java.util.HashMap;
import java.util.Map;

/**
 * What a stage may purge next: per subject, the last message of it the stage processed durably
 * since its last purge (the message {@link InputPurger#purgeBefore} keeps). A stage reading several
 * subjects through one wildcard (the sink) records each message of a committed block; a lane of one
 * subject records its committed sequence. Pure; one per lane thread, not thread-safe.
 */
public final class PurgePoints {

    private final Map<String, Long> due = new HashMap<>();

    /** {@code sequence}, a message of {@code subject}, is processed and its progress recorded. */
    public void processed(String subject, long sequence) {
        due.merge(subject, sequence, Math::max);
    }

    /** The subjects with something new to purge, and the message of each to purge below. */
    public Map<String, Long> due() {
        return Map.copyOf(due);
    }

    /** The purge of {@code subject} below {@code sequence} is done (a later message stays due). */
    public void purged(String subject, long sequence) {
        due.remove(subject, sequence);
    }
}
