package io.sluice.worker.control;

/**
 * Counters since this replica started the work, plus what status reports need.
 *
 * @param lag        events waiting for this replica
 * @param lastError  the latest error, or null; never a secret
 * @param failed     the work cannot continue without a change to the pipeline (e.g. the table was dropped)
 */
public record WorkStats(long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag,
        String lastError, boolean failed) {

    public static final WorkStats NONE = new WorkStats(0, 0, 0, 0, 0, null, false);
}
