package io.sluice.worker.redis;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * A Redis Cluster's {@code INFO} as {@link RedisServerWatch} needs it: every master's, seen as one
 * server ({@link ServerInfo#ofMasters}). Shared by every stage keeping state on a cluster (the
 * dedup probe, the join's server info), so they judge a failover alike.
 */
public final class ClusterInfo {

    private ClusterInfo() {
    }

    /**
     * Reads {@code INFO} from every master serving slots, as the client's topology (refreshed
     * every few seconds, and on redirects) has them; a master without slots holds no state. Each
     * goes down that master's node connection of {@code connection}.
     */
    public static ServerInfo ofMasters(StatefulRedisClusterConnection<?, ?> connection) {
        List<ServerInfo> masters = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                masters.add(ServerInfo.parse(connection.getConnection(node.getNodeId()).sync().info()));
            }
        }
        return ServerInfo.ofMasters(masters);
    }
}
