package io.sluice.api.deadletter;

/**
 * How many times each event of a pipeline's dead letters was replayed, kept by the api-service
 * where the replay happens: a dead letter that comes back after a replay is a new message, and
 * only the event's identity ({@link DeadLetterIdentity}) ties it to the replays before.
 */
interface ReplayCounts {

    /** 0 for an event never replayed. */
    long replays(String pipelineId, String identity);

    /** Counts one more replay of the event. */
    void replayed(String pipelineId, String identity);

}
