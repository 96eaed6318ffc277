package io.sluice.worker.lane;

import io.nats.client.Connection;

/**
 * A pipeline's lane bell ({@code NatsNames.laneBellSubject}): the stages that find their lanes among
 * the data stream's subjects ({@link StreamLaneDiscovery}: dedup, join) look for new lanes when it
 * rings, and otherwise only every few minutes ({@link DiscoveryPace}). The stage before rings it
 * once the first batch it published to a subject since it began publishing there is stored (ingest:
 * a partition assigned, a replay; dedup: a lane taken), so a partition first written to an hour
 * after the pipeline started becomes a lane within a tick. Core NATS, which delivers at most once:
 * a lost ring costs the new lane's first batch at most the periodic look, never the batch.
 */
public record LaneBell(Connection connection, String subject) {

    public void ring() {
        try {
            connection.publish(subject, null);
        } catch (IllegalStateException e) {
            // The connection is closed (the service is stopping): the periodic look finds the lane.
        }
    }
}
