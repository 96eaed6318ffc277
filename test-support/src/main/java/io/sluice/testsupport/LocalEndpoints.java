package io.sluice.testsupport;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the real servers are. Defaults match {@code deploy/local/servers.sh}; each can be
 * overridden by an environment variable so a CI or developer machine with servers elsewhere
 * needs no code change.
 */
public record LocalEndpoints(
        String kafkaBootstrapServers,
        String natsUrl,
        String redisUri,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        String clickHouseUrl,
        String natsClusterUrl,
        String clickHouseReplicaUrls,
        String redisClusterUri) {

    public static LocalEndpoints fromEnvironment() {
        return from(System::getenv);
    }

    static LocalEndpoints from(Function<String, String> env) {
        return new LocalEndpoints(
                orDefault(env, "SLUICE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                orDefault(env, "SLUICE_NATS_URL", "nats://127.0.0.1:4222"),
                orDefault(env, "SLUICE_REDIS_URI", "redis://127.0.0.1:6379"),
                orDefault(env, "SLUICE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                orDefault(env, "SLUICE_POSTGRES_USER", "postgres"),
                orDefault(env, "SLUICE_POSTGRES_PASSWORD", ""),
                orDefault(env, "SLUICE_CLICKHOUSE_URL", "http://127.0.0.1:8123"),
                // deploy/local/servers.sh up cluster; a list, as the services take it.
                orDefault(env, "SLUICE_NATS_CLUSTER_URL",
                        "nats://127.0.0.1:4231,nats://127.0.0.1:4232,nats://127.0.0.1:4233"),
                // The two replicas of shard 01 servers.sh up cluster starts, as a sink's url lists them.
                orDefault(env, "SLUICE_CLICKHOUSE_REPLICA_URLS", "http://127.0.0.1:8124,http://127.0.0.1:8125"),
                // Seed nodes of the Redis Cluster, a list as SLUICE_DEDUP_REDISURI takes it in cluster mode.
                orDefault(env, "SLUICE_REDIS_CLUSTER_URI",
                        "redis://127.0.0.1:7001,redis://127.0.0.1:7002,redis://127.0.0.1:7003"));
    }

    /** The host and port a TCP probe of {@code server} connects to. */
    HostPort address(RealServer server) {
        return switch (server) {
            case KAFKA -> HostPort.parse(kafkaBootstrapServers.split(",")[0].trim(), 9092);
            case NATS -> HostPort.of(URI.create(natsUrl), 4222);
            case REDIS -> HostPort.of(URI.create(redisUri), 6379);
            // "jdbc:" is not part of the URI grammar Java understands; the rest is.
            case POSTGRES -> HostPort.of(URI.create(postgresJdbcUrl.substring("jdbc:".length())), 5432);
            case CLICKHOUSE -> HostPort.of(URI.create(clickHouseUrl), 8123);
            case NATS_CLUSTER -> HostPort.of(URI.create(natsClusterUrl.split(",")[0].trim()), 4222);
            case CLICKHOUSE_REPLICAS -> HostPort.of(URI.create(clickHouseReplicaUrls.split(",")[0].trim()), 8124);
            case REDIS_CLUSTER -> HostPort.of(URI.create(redisClusterUri.split(",")[0].trim()), 6379);
        };
    }

    Map<String, String> asMap() {
        return Map.of(
                "kafka", kafkaBootstrapServers,
                "nats", natsUrl,
                "redis", redisUri,
                "postgres", postgresJdbcUrl,
                "clickhouse", clickHouseUrl,
                "nats cluster", natsClusterUrl,
                "clickhouse replicas", clickHouseReplicaUrls,
                "redis cluster", redisClusterUri);
    }

    private static String orDefault(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    record HostPort(String host, int port) {

        static HostPort of(URI uri, int defaultPort) {
            return new HostPort(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
        }

        static HostPort parse(String hostAndPort, int defaultPort) {
            int colon = hostAndPort.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(hostAndPort, defaultPort);
            }
            return new HostPort(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
