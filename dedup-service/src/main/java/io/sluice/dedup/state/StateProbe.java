package io.sluice.dedup.state;

import io.sluice.worker.redis.ServerInfoSource;

/** Dedup's look at Redis beyond the claims: the server's identity and settings, and the lanes' sentinels. */
public interface StateProbe extends ServerInfoSource {

    /** The lane's sentinel value, or null if there is none. */
    String readSentinel(String pipelineId, String sourceId, String lane);

    /** Writes the sentinel unless one exists ({@code SET NX}); whether it wrote. */
    boolean createSentinel(String pipelineId, String sourceId, String lane, String value);

    /**
     * Whether Redis holds any live claim of the source made by the partition (any partition when
     * null), looking at no more than about {@code maxKeys} keys of the source.
     */
    boolean holdsClaims(String pipelineId, String sourceId, Integer partition, int maxKeys);

    /** Writes the sentinel over whatever is there. */
    void writeSentinel(String pipelineId, String sourceId, String lane, String value);
}
