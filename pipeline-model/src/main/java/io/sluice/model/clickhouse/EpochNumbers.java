package io.sluice.model.clickhouse;

/**
 * How the sink reads a number (or a number written as a string) for a time column: time since the
 * Unix epoch, in a unit told by its size. Each boundary is 1973-03-03 in the smaller unit and year
 * 5138 in the larger, so every realistic timestamp of either unit is read right; a millisecond
 * timestamp before March 1973 is not. One rule: the sink applies it, the wizard explains it.
 */
public final class EpochNumbers {

    /** Below this, seconds. */
    public static final long SECONDS_LIMIT = 100_000_000_000L;

    /** Below this (and not seconds), milliseconds. */
    public static final long MILLIS_LIMIT = 100_000_000_000_000L;

    /** Below this (and not milliseconds), microseconds; else nanoseconds. */
    public static final long MICROS_LIMIT = 100_000_000_000_000_000L;

    /** The rule in words, for people choosing a column. */
    public static final String DESCRIPTION = "Numbers are read as time since the Unix epoch, in a unit told by their"
            + " size: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds"
            + " (a fraction is kept).";

    private EpochNumbers() {
    }
}
