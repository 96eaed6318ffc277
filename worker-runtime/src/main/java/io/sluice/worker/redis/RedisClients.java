package io.sluice.worker.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;

/**
 * The one way a stage makes its Lettuce clients (dedup store and state probe, join store and
 * server info): while Redis is unreachable a command fails at once instead of queueing until Redis
 * is back, so the lane retries and its input waits in JetStream, where it is durable; and every
 * command fails after {@code timeout}. Lettuce reconnects in the background meanwhile.
 *
 * <p>A Redis Cluster client also follows the cluster's topology: it reads it again every
 * {@value #TOPOLOGY_REFRESH_SECONDS} s and at once on a redirect ({@code MOVED}, {@code ASK}) or
 * on reconnects, so after a failover commands go to the promoted replica within seconds. Lettuce
 * leaves both off by default, which would keep sending to a dead master.
 */
public final class RedisClients {

    static final int TOPOLOGY_REFRESH_SECONDS = 5;

    private RedisClients() {
    }

    /** A client with its own resources (threads), shut down with it. */
    public static RedisClient create(RedisURI uri, Duration timeout) {
        return configured(RedisClient.create(uri), timeout);
    }

    /** A client on the caller's resources, which outlive it. */
    public static RedisClient create(ClientResources resources, RedisURI uri, Duration timeout) {
        return configured(RedisClient.create(resources, uri), timeout);
    }

    /** A Redis Cluster client with its own resources, shut down with it; {@code seeds} as {@link #seeds} reads them. */
    public static RedisClusterClient createCluster(List<RedisURI> seeds, Duration timeout) {
        return configured(RedisClusterClient.create(seeds), timeout);
    }

    /** A Redis Cluster client on the caller's resources, which outlive it. */
    public static RedisClusterClient createCluster(ClientResources resources, List<RedisURI> seeds, Duration timeout) {
        return configured(RedisClusterClient.create(resources, seeds), timeout);
    }

    /**
     * The seed nodes of a Redis Cluster, given as Redis URIs separated by commas
     * ({@code redis://10.0.0.1:7001,redis://10.0.0.2:7002}); any one that answers tells the client
     * the whole topology, so a few suffice.
     */
    public static List<RedisURI> seeds(String uris) {
        List<RedisURI> seeds = Arrays.stream(uris.split(",")).map(String::trim).filter(uri -> !uri.isEmpty())
                .map(RedisURI::create).toList();
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node URI, got \"" + uris + "\"");
        }
        return seeds;
    }

    /** The options {@link #create} gives a client. */
    static ClientOptions options(Duration timeout) {
        return ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
    }

    /** The options {@link #createCluster} gives a client: those of {@link #options} and the topology's refresh. */
    static ClusterClientOptions clusterOptions(Duration timeout) {
        return ClusterClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // A node connection is opened on a batch's path the first time a master is used:
                // it must not hold the batch longer than the batch's own timeout.
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(TOPOLOGY_REFRESH_SECONDS))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    private static RedisClient configured(RedisClient client, Duration timeout) {
        client.setOptions(options(timeout));
        return client;
    }

    /**
     * A Redis setting as status shows it: scheme, hosts and ports of the comma-separated URIs, never
     * a password or a database number.
     */
    public static String shown(String uris) {
        List<RedisURI> each = seeds(uris);
        return (each.get(0).isSsl() ? "rediss://" : "redis://")
                + String.join(",", each.stream().map((uri) -> uri.getHost() + ":" + uri.getPort()).toList());
    }

    private static RedisClusterClient configured(RedisClusterClient client, Duration timeout) {
        client.setOptions(clusterOptions(timeout));
        return client;
    }
}
