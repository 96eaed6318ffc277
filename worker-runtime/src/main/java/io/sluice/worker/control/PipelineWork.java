package io.sluice.worker.control;

import java.util.List;
import java.util.Map;

/**
 * One stage's work for one pipeline in this replica (consumers, connections, buffers). The runtime
 * calls these methods one at a time, never concurrently, in the order the desired state dictates,
 * each seeing what the call before it did, though not always from the same thread; the works of
 * different pipelines are called side by side.
 */
public interface PipelineWork {

    /** Starts consuming. */
    void start() throws Exception;

    /**
     * Finishes in-flight work, acknowledges what is durable downstream and stops consuming;
     * returns when drained. Unacknowledged messages stay in JetStream for later.
     */
    void pause() throws Exception;

    /** Consumes again after {@link #pause()}. */
    void resume() throws Exception;

    /** Like {@link #pause()}, then releases every resource; the instance is not used again. */
    void stop() throws Exception;

    /** Counters and health for the status report; cheap, called at every heartbeat. */
    WorkStats stats();

    /**
     * Whether other replicas do all of this pipeline's work this replica could do, so that it only
     * stands ready (reported as {@code standby}, not {@code running}). Cheap, called at every heartbeat.
     */
    default boolean standingBy() {
        return false;
    }

    /**
     * Guarantees this work keeps weaker than promised while it runs, one sentence each, naming the
     * cause and its consequence (e.g. "table db.t is a plain MergeTree: a sink crash can duplicate
     * rows (accepted at-least-once)"). Not errors: the pipeline runs; status and the UI show them
     * as warnings. Empty when none; never a secret. Cheap, called at every heartbeat, also while
     * paused.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * The servers this work talks to now besides NATS, by kind ({@code redis}, {@code clickhouse}):
     * a URL without credentials. Shown in status so that an operator of a cluster sees which node
     * a replica depends on. Cheap, called at every heartbeat.
     */
    default Map<String, String> servers() {
        return Map.of();
    }
}
