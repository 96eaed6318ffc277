package io.sluice.api.status;

import java.time.Instant;
import java.util.List;

/**
 * What waits in Kafka for a pipeline: per source, the log end offset less its consumer group's
 * committed offset, partition by partition. Measured by the api-service from the broker, not
 * reported by ingest, so it is true while the pipeline is paused or its ingest is down.
 *
 * @param total      the sum over the sources; null when any source's lag is unknown (a partial sum
 *                   would pass for the whole)
 * @param unknown    why the total is unknown, in words for people; null when known
 * @param measuredAt when the broker was asked (answers are reused for a few seconds)
 */
record BrokerLag(Long total, String unknown, Instant measuredAt, List<SourceLag> sources) {

    static BrokerLag of(List<SourceLag> sources, Instant measuredAt) {
        long total = 0;
        for (SourceLag source : sources) {
            if (source.total() == null) {
                String reason = sources.size() == 1 ? source.unknown() : source.sourceId() + ": " + source.unknown();
                return new BrokerLag(null, reason, measuredAt, List.copyOf(sources));
            }
            total += source.total();
        }
        return new BrokerLag(total, null, measuredAt, List.copyOf(sources));
    }
}
