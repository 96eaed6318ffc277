package io.sluice.model.control;

/**
 * What a join replica reports beyond the counters every component has: a join's own numbers,
 * which fit none of "in", "out" or "duplicates" (an unmatched left event is neither a duplicate
 * nor, in an inner join, a row). See docs/join.md, "Metrics".
 *
 * @param leftIn     left events this replica applied since it started (redeliveries not counted again)
 * @param rightIn    right events likewise
 * @param joined     rows with both sides this replica published since it started
 * @param unmatched  left events whose window ended without a partner, published since it started
 *                   (a row with nulls in a left join, nothing in an inner one)
 * @param waiting    left events buffered for a partner now, in the whole pipeline (read from Redis)
 * @param stateBytes bytes of the pipeline's join state in Redis now
 */
public record JoinCounts(long leftIn, long rightIn, long joined, long unmatched, long waiting, long stateBytes) {
}
