package io.sluice.api.distribution;

import java.util.Map;

import io.sluice.model.control.PipelineControl;

/**
 * The definitions KV bucket the workers watch. Every method throws {@link ControlBucketUnavailableException}
 * when NATS cannot be reached.
 */
interface ControlStore {

    void put(PipelineControl control);

    /** Leaves a delete marker: workers watching the bucket see the pipeline go. */
    void delete(String pipelineId);

    /** Every value the bucket holds now, by pipeline id. */
    Map<String, StoredControl> readAll();

    /**
     * Writes the value unless the key changed since {@code expectedRevision} was read
     * ({@code 0}: the key had no value).
     * @return false when the key changed in between: somebody wrote a newer value
     */
    boolean putIfUnchanged(PipelineControl control, long expectedRevision);

    /**
     * Deletes the key unless it changed since {@code expectedRevision} was read.
     * @return false when the key changed in between
     */
    boolean deleteIfUnchanged(String pipelineId, long expectedRevision);
}
