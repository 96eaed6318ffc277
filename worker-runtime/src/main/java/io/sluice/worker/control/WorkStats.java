package io.sluice.worker.control;

import io.sluice.model.control.JoinCounts;

/**
 * Counters since this replica started the work, plus what status reports need.
 *
 * @param lag        events waiting for this replica
 * @param lastError  the latest error, or null; never a secret
 * @param failed     the work cannot continue without a change to the pipeline (e.g. the table was dropped)
 * @param latencyP50Millis end-to-end latency percentiles of what was written since the previous
 *                   report (the sink only); null when nothing was
 * @param latencyP99Millis likewise
 * @param join             the join's own counters (the join only); null for other stages
 * @param filtered         events the pipeline's filter dropped (dedup and join; 0 for the others)
 */
public record WorkStats(long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag,
        String lastError, boolean failed, Long latencyP50Millis, Long latencyP99Millis, JoinCounts join,
        long filtered) {

    public static final WorkStats NONE = new WorkStats(0, 0, 0, 0, 0, null, false);

    /** Stats of a stage without a filter. */
    public WorkStats(long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag,
            String lastError, boolean failed, Long latencyP50Millis, Long latencyP99Millis, JoinCounts join) {
        this(eventsIn, eventsOut, duplicatesDropped, deadLetters, lag, lastError, failed, latencyP50Millis,
                latencyP99Millis, join, 0);
    }

    /** Stats of a stage other than the join. */
    public WorkStats(long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag,
            String lastError, boolean failed, Long latencyP50Millis, Long latencyP99Millis) {
        this(eventsIn, eventsOut, duplicatesDropped, deadLetters, lag, lastError, failed, latencyP50Millis,
                latencyP99Millis, null);
    }

    /** Stats of a stage that measures no end-to-end latency. */
    public WorkStats(long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag,
            String lastError, boolean failed) {
        this(eventsIn, eventsOut, duplicatesDropped, deadLetters, lag, lastError, failed, null, null, null);
    }
}
