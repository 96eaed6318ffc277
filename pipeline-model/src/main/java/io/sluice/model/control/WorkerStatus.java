package io.sluice.model.control;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One worker replica's report on its part of one pipeline: the value in the status KV bucket under
 * the key {@link ControlKeys#statusKey(String, Component, String) pipelineId.component.replicaId}.
 * Each replica rewrites it when it changed and otherwise seldom (a quarter of the bucket's
 * time-to-live, at most 5 minutes); its {@link ReplicaHeartbeat} keeps it current in between, and
 * once that stops, the report goes stale and the bucket's time-to-live removes its key.
 *
 * @param component the reporting replica's component, written as {@code ingest}, {@code dedup}, {@code join}
 * or {@code sink} ({@link Component#json()}); read as null when a newer worker names one this version
 * does not know, so that report is left out of every component rather than failing the read
 * @param replicaId the replica's own name, as in the key (see {@link ControlKeys#replicaId(String)})
 * @param state what the replica is doing with the pipeline, written as {@code running}, {@code paused},
 * {@code stopped} or {@code failed}; a state a newer worker names is kept as written ({@link WorkerState})
 * @param eventsIn events received since the replica started
 * @param eventsOut events passed on (or written, for the sink) since the replica started
 * @param duplicatesDropped events dropped as duplicates since the replica started
 * @param deadLetters events sent to the dead-letter stream since the replica started
 * @param lag events waiting for this replica (Kafka consumer lag for ingest, pending JetStream
 * messages for the others)
 * @param lastError the latest error the replica met, or null; never a secret
 * @param latencyP50Millis median end-to-end latency (Kafka timestamp to inserted) of what the replica
 * wrote since its previous report; null when it wrote nothing, for components other than the sink,
 * and in reports of versions before it was added
 * @param latencyP99Millis the 99th percentile of the same; null likewise
 * @param warnings guarantees the replica keeps weaker than promised while it runs, one sentence each
 * (e.g. a plain MergeTree target makes the sink at-least-once): not errors, the pipeline works;
 * never null, empty when none and in reports of versions before it was added; never a secret
 * @param join the join's own counters (join replicas only); null for other components and in
 * reports of versions before it was added
 * @param servers the servers the replica works with for this pipeline now, by kind ({@code nats},
 * {@code redis}, {@code clickhouse}): the URL, and for NATS the server's name; never a secret, never
 * null, empty in reports of versions before it was added
 * @param filtered events the pipeline's filter dropped since the replica started (dedup and join): without
 * it, events in would not add up to out + duplicates + dead letters; written only when not 0, so a report
 * without any reads and writes as earlier versions wrote it; 0 in reports of versions before it was added
 * @param host the host or container name the replica runs on, for people to tell replicas apart; null
 * in reports of versions before it was added
 * @param startedAt when the replica started this pipeline's work, the instant its counters count from,
 * so a rate can be taken from its very first report; null in reports of versions before it was added
 * @param rest the replica's checks over which its counters last stood still, when this report is the
 * first whose counters moved since: everything this report counts beyond a report of that span came
 * after {@code rest.until}. A replica writes an unchanged report only every few heartbeats, so the
 * report before a burst may be far older than the burst; without this, the API would spread the
 * burst over that whole time. Null otherwise, and in reports of versions before it was added
 */
public record WorkerStatus(String pipelineId,
        @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) Component component, String replicaId,
        WorkerState state, Instant heartbeatAt, long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters,
        long lag, String lastError, Long latencyP50Millis, Long latencyP99Millis, List<String> warnings, JoinCounts join,
        // Written only when known: reports without servers read and write as earlier versions wrote them.
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> servers,
        // Likewise: written only when not 0 (null fields are never written).
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long filtered, String host, Instant startedAt, Rest rest) {

    /**
     * From the first to the last of a replica's checks that saw the same counters, both inclusive:
     * every report with a heartbeat in between counts what the replica had counted at {@code from}.
     */
    public record Rest(Instant from, Instant until) {

        /** Whether a report with this heartbeat counts what the rest's checks saw. */
        public boolean covers(Instant heartbeatAt) {
            return !heartbeatAt.isBefore(from) && !heartbeatAt.isAfter(until);
        }
    }

    public WorkerStatus {
        // Reports of older versions have no "warnings" (Jackson passes null): they had none to give.
        warnings = warnings == null ? List.of() : warnings.stream().filter(Objects::nonNull).toList();
        servers = servers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(servers));
    }

    /** The same report at another heartbeat time, so without the rest that came before this one's. */
    public WorkerStatus withHeartbeatAt(Instant at) {
        return new WorkerStatus(pipelineId, component, replicaId, state, at, eventsIn, eventsOut, duplicatesDropped,
                deadLetters, lag, lastError, latencyP50Millis, latencyP99Millis, warnings, join, servers, filtered, host,
                startedAt, null);
    }

    /** The same report, saying its counters moved after this rest. */
    public WorkerStatus withRest(Rest before) {
        return new WorkerStatus(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut,
                duplicatesDropped, deadLetters, lag, lastError, latencyP50Millis, latencyP99Millis, warnings, join, servers,
                filtered, host, startedAt, before);
    }

    /** Whether this report counts the same events as {@code other}: the counters a rate is taken of. */
    public boolean countsAsMuchAs(WorkerStatus other) {
        return eventsIn == other.eventsIn && eventsOut == other.eventsOut
                && duplicatesDropped == other.duplicatesDropped && deadLetters == other.deadLetters
                && filtered == other.filtered && Objects.equals(joinCounters(join), joinCounters(other.join));
    }

    // The join's counters; waiting and stateBytes are levels, not counts.
    private static List<Long> joinCounters(JoinCounts join) {
        return join == null ? null : List.of(join.leftIn(), join.rightIn(), join.joined(), join.unmatched());
    }

    /** A report without the rest before it. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError,
            Long latencyP50Millis, Long latencyP99Millis, List<String> warnings, JoinCounts join,
            Map<String, String> servers, long filtered, String host, Instant startedAt) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, latencyP50Millis, latencyP99Millis, warnings, join, servers, filtered, host, startedAt,
                null);
    }

    /** A report without filtered events, host or start time. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError,
            Long latencyP50Millis, Long latencyP99Millis, List<String> warnings, JoinCounts join,
            Map<String, String> servers) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, latencyP50Millis, latencyP99Millis, warnings, join, servers, 0, null, null);
    }

    /** A report without the servers it works with. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError,
            Long latencyP50Millis, Long latencyP99Millis, List<String> warnings, JoinCounts join) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, latencyP50Millis, latencyP99Millis, warnings, join, Map.of());
    }

    /** A report without join counters. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError,
            Long latencyP50Millis, Long latencyP99Millis, List<String> warnings) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, latencyP50Millis, latencyP99Millis, warnings, null);
    }

    /** A report without warnings. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError,
            Long latencyP50Millis, Long latencyP99Millis) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, latencyP50Millis, latencyP99Millis, List.of(), null);
    }

    /** A report without latency or warnings. */
    public WorkerStatus(String pipelineId, Component component, String replicaId, WorkerState state, Instant heartbeatAt,
            long eventsIn, long eventsOut, long duplicatesDropped, long deadLetters, long lag, String lastError) {
        this(pipelineId, component, replicaId, state, heartbeatAt, eventsIn, eventsOut, duplicatesDropped, deadLetters,
                lag, lastError, null, null, List.of(), null);
    }

    /**
     * The key this report is stored under.
     * @throws IllegalArgumentException for a report without component (or of a component this version does not know)
     */
    public String key() {
        return ControlKeys.statusKey(this.pipelineId, this.component, this.replicaId);
    }

}
