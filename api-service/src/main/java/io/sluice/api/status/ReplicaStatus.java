package io.sluice.api.status;

import java.time.Instant;

/**
 * One replica's latest report.
 *
 * @param reporting whether its last heartbeat is recent enough to count it as alive
 */
record ReplicaStatus(String replicaId, String state, Instant heartbeatAt, boolean reporting, long eventsIn,
        long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError) {
}
