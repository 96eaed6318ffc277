package io.sluice.worker.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;

/**
 * The one way a stage makes its Lettuce clients (dedup store and state probe, join store and
 * server info): while Redis is unreachable a command fails at once instead of queueing until Redis
 * is back, so the lane retries and its input waits in JetStream, where it is durable; and every
 * command fails after {@code timeout}. Lettuce reconnects in the background meanwhile.
 */
public final class RedisClients {

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

    /** The options {@link #create} gives a client. */
    static ClientOptions options(Duration timeout) {
        return ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
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
        StringBuilder shown = new StringBuilder();
        for (String each : uris.split(",")) {
            if (each.isBlank()) {
                continue;
            }
            RedisURI uri = RedisURI.create(each.trim());
            shown.append(shown.length() == 0 ? (uri.isSsl() ? "rediss://" : "redis://") : ",")
                    .append(uri.getHost()).append(':').append(uri.getPort());
        }
        return shown.toString();
    }
}
