package io.sluice.dedup.state;

/** What a dedup lane does once Redis lost the first sightings it claimed ({@code sluice.dedup.on-state-loss}). */
public enum OnStateLoss {

    /**
     * The lane stops claiming and the pipeline's dedup status is failed with the reason, until a
     * user acknowledges by pausing and resuming the pipeline. The default: a loss is never
     * silently at-least-once.
     */
    STOP,

    /** The lane goes on (duplicates of events seen before the loss may pass) and status warns. */
    WARN
}
