package io.sluice.worker.control;

/**
 * One stage's work for one pipeline in this replica (consumers, connections, buffers). The runtime
 * calls these methods from a single thread, never concurrently, in the order the desired state
 * dictates.
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
}
