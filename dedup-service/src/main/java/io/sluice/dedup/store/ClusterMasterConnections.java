package io.sluice.dedup.store;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * {@link ClaimConnections} on a Redis Cluster: the connection to the master serving the key's slot,
 * as the client's topology has it (refreshed periodically and on redirects).
 *
 * <p>The store sends each script straight down the master's node connection rather than letting
 * the cluster connection route it, so that it knows which masters took part in a batch: the
 * {@code WAIT} for their replicas must go down each of those connections, behind the scripts (it
 * counts only what its own connection wrote). A script that reaches a master no longer serving its
 * slot (a failover or resharding the client has not seen yet) fails with {@code MOVED} rather than
 * being redirected: the batch is retried, in order, once the topology is read again, and a claim
 * never overtakes an earlier one of the same key on its way to the new master.
 */
final class ClusterMasterConnections implements ClaimConnections {

    private final RedisClusterClient client;

    private final StatefulRedisClusterConnection<byte[], byte[]> connection;

    ClusterMasterConnections(RedisClusterClient client) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        // Applies to every node connection of this cluster connection, those opened later too.
        this.connection.setAutoFlushCommands(false);
    }

    @Override
    public StatefulRedisConnection<byte[], byte[]> holding(byte[] key) {
        int slot = SlotHash.getSlot(key);
        RedisClusterNode master = this.connection.getPartitions().getMasterBySlot(slot);
        if (master == null) {
            // Let the topology be read again now: the retry may find the slot served.
            this.client.refreshPartitionsAsync();
            throw new RedisException("no Redis Cluster master serves slot " + slot);
        }
        return this.connection.getConnection(master.getNodeId());
    }

    /** The batch's retry then goes to the slot's new master. */
    @Override
    public void topologyChanged() {
        this.client.refreshPartitionsAsync();
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }

}
