package io.sluice.dedup.store;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Where a claim script goes: the connection to the Redis holding its keys. Every connection
 * returned has automatic flushing off; the store flushes each once per batch.
 */
interface ClaimConnections extends AutoCloseable {

    /**
     * The connection to the Redis (on a cluster: the master of the key's slot) that holds
     * {@code key}; the same one for every key of a slot until the topology changes.
     * @throws io.lettuce.core.RedisException if no node serves the key or it cannot be reached
     */
    StatefulRedisConnection<byte[], byte[]> holding(byte[] key);

    /** A script reached a node that no longer serves its slot ({@code MOVED}, {@code ASK}): read the topology again. */
    default void topologyChanged() {
    }

    @Override
    void close();

}
