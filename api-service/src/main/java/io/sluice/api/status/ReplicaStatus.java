package io.sluice.api.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.model.control.JoinCounts;
import io.sluice.model.control.WorkerState;

/**
 * One replica's latest report.
 *
 * @param state as the replica wrote it (serialised as the same string), also when this version does not know it
 * @param reporting whether its last heartbeat is recent enough to count it as alive
 * @param warnings guarantees it keeps weaker than promised while it runs (not errors), as it reported them
 * @param join the join's own counters (join replicas only), or null
 * @param servers the servers it works with for this pipeline now, by kind ({@code nats}, {@code redis},
 * {@code clickhouse}): URL, and for NATS the server's name; empty from versions that did not report them
 * @param filtered events the pipeline's filter dropped (dedup and join); 0 from versions that did not report it
 * @param host the host or container name it runs on; null from versions that did not report it
 * @param name what people see: component, host and a short id, distinct among the component's replicas
 * ({@link ReplicaNames}); {@code replicaId} is the full id
 * @param startedAt when it started the pipeline's work, the instant its counters count from; null from
 * versions that did not report it
 */
record ReplicaStatus(String replicaId, WorkerState state, Instant heartbeatAt, boolean reporting, long eventsIn,
        long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError, List<String> warnings,
        JoinCounts join, Map<String, String> servers, long filtered, String host, String name, Instant startedAt) {

    ReplicaStatus named(String shown) {
        return new ReplicaStatus(replicaId, state, heartbeatAt, reporting, eventsIn, eventsOut, duplicatesDropped,
                deadLetters, lag, lastError, warnings, join, servers, filtered, host, shown, startedAt);
    }
}
