package io.sluice.api.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which stream sequences hold dead letters, from what the stream reports of itself: its first
 * and last sequence and the sequences deleted in between (a replayed dead letter is deleted
 * singly, leaving a gap). Knowing the gaps up front, a page costs one read per dead letter shown.
 */
record DeadLetterPage(long firstSequence, long lastSequence, Set<Long> deleted) {

    DeadLetterPage {
        deleted = Set.copyOf(deleted);
    }

    /**
     * Up to {@code limit} sequences below {@code before}, newest first.
     * @param before exclusive upper bound; null for the newest
     */
    List<Long> newest(int limit, Long before) {
        List<Long> sequences = new ArrayList<>();
        if (isEmpty()) {
            return sequences;
        }
        long start = (before == null) ? this.lastSequence : Math.min(this.lastSequence, before - 1);
        for (long sequence = start; sequence >= this.firstSequence && sequences.size() < limit; sequence--) {
            if (!this.deleted.contains(sequence)) {
                sequences.add(sequence);
            }
        }
        return sequences;
    }

    /** Up to {@code limit} sequences, oldest first: the order a replay of everything republishes in. */
    List<Long> oldest(int limit) {
        List<Long> sequences = new ArrayList<>();
        if (isEmpty()) {
            return sequences;
        }
        for (long sequence = this.firstSequence; sequence <= this.lastSequence && sequences.size() < limit; sequence++) {
            if (!this.deleted.contains(sequence)) {
                sequences.add(sequence);
            }
        }
        return sequences;
    }

    /** How many dead letters the stream holds. */
    long count() {
        return isEmpty() ? 0 : this.lastSequence - this.firstSequence + 1 - this.deleted.size();
    }

    // A new stream reports 0/0; a purged one reports first = last + 1.
    private boolean isEmpty() {
        return this.lastSequence == 0 || this.firstSequence > this.lastSequence;
    }

}
