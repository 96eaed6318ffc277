package io.sluice.api.status;

import java.time.Instant;
import java.util.List;

import io.sluice.model.control.JoinCounts;

/**
 * One component of a pipeline across its replicas.
 *
 * @param component {@code ingest}, {@code dedup}, {@code join} or {@code sink}
 * @param replicasReporting replicas whose last heartbeat is recent
 * @param replicasStale replicas that reported within the status bucket's time-to-live, but not recently
 * @param lastHeartbeat the most recent heartbeat of any replica, or null when none reported
 * @param eventsIn sum over the listed replicas (counters run since each replica started)
 * @param maxLag the largest lag among the reporting replicas
 * @param lastError the error of the replica that reported an error most recently, or null
 * @param warnings the distinct warnings of the reporting replicas: guarantees kept weaker than promised
 * while the component runs (not errors); empty when none
 * @param join the join component only (null for the others, and while no join replica reported them):
 * left and right events in, joined and unmatched summed over the replicas like the counters above;
 * waiting and state bytes are the whole pipeline's, as the most recent reporting replica read them
 * @param filtered events the pipeline's filter dropped, summed like the counters above (dedup and join
 * filter; 0 for the others): so that in = out + duplicates + filtered + dead letters adds up
 */
record ComponentStatus(String component, int replicasReporting, int replicasStale, Instant lastHeartbeat,
        long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long maxLag, String lastError,
        List<String> warnings, List<ReplicaStatus> replicas, JoinCounts join, long filtered) {
}
