package io.sluice.api.status;

import java.time.Instant;
import java.util.List;

/**
 * One sample of a pipeline's metrics history. Rates are events per second over the replicas'
 * last heartbeat interval; they are null in a pipeline's first sample (nothing to compare with yet).
 *
 * @param eventsInPerSecond    what the ingest received from Kafka
 * @param eventsOutPerSecond   what the sink wrote to ClickHouse
 * @param duplicatesPerSecond  dropped as duplicates, all components
 * @param deadLettersPerSecond sent to the dead-letter stream, all components
 * @param lag                  events waiting in the pipeline: the sum over components of each one's
 *                             largest replica lag (Kafka consumer lag for ingest, pending messages after)
 * @param latencyP50Millis     end-to-end latency (Kafka timestamp to inserted), the largest median
 *                             among the sink replicas; null when none wrote since its previous report
 * @param latencyP99Millis     likewise the largest 99th percentile
 * @param duplicatesDropped    counters as the status shows them: since each replica started
 * @param deadLetters          likewise
 * @param deadLettersStored    dead letters the pipeline's dead-letter stream holds now, to replay or
 *                             purge; null when NATS could not tell
 * @param joinedPerSecond      left events that met a partner; null without a join replica's rate
 * @param unmatchedPerSecond   left events whose window ended without a partner; likewise
 * @param joinWaiting          left events buffered for a partner now; null while no fresh join
 *                             replica reported
 * @param joinStateBytes       bytes of the join's state in Redis now; likewise
 * @param components           ingest, dedup, join, sink, each only when a replica reported
 * @param filteredPerSecond    dropped by the pipeline's filter (dedup and join); null like the other rates
 * @param filtered             counter as the status shows it: since each replica started
 */
record MetricsPoint(Instant time, Double eventsInPerSecond, Double eventsOutPerSecond, Double duplicatesPerSecond,
        Double deadLettersPerSecond, long lag, Long latencyP50Millis, Long latencyP99Millis, long duplicatesDropped,
        long deadLetters, Long deadLettersStored, Double joinedPerSecond, Double unmatchedPerSecond, Long joinWaiting,
        Long joinStateBytes, List<ComponentPoint> components, Double filteredPerSecond, long filtered) {

    MetricsPoint(Instant time, Double eventsInPerSecond, Double eventsOutPerSecond, Double duplicatesPerSecond,
            Double deadLettersPerSecond, long lag, Long latencyP50Millis, Long latencyP99Millis, long duplicatesDropped,
            long deadLetters, Long deadLettersStored, Double joinedPerSecond, Double unmatchedPerSecond,
            Long joinWaiting, Long joinStateBytes, List<ComponentPoint> components) {
        this(time, eventsInPerSecond, eventsOutPerSecond, duplicatesPerSecond, deadLettersPerSecond, lag,
                latencyP50Millis, latencyP99Millis, duplicatesDropped, deadLetters, deadLettersStored, joinedPerSecond,
                unmatchedPerSecond, joinWaiting, joinStateBytes, components, null, 0);
    }

    /** @param replicas replicas whose heartbeat is recent */
    record ComponentPoint(String component, int replicas, Double eventsInPerSecond, Double eventsOutPerSecond,
            long lag) {
    }
}
