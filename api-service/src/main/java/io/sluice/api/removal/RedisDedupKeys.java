package io.sluice.api.removal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.api.config.ApiProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@link DedupKeys} in Redis. The dedup-service names a key
 * {@code <keyPrefix>dedup:<pipeline>:<source>:<16 bytes of a hash>} and each lane's state-loss
 * sentinel {@code <keyPrefix>dedup-sentinel:<pipeline>:<source>:<lane>}, and on a Redis Cluster
 * both {@code {<keyPrefix>dedup:<pipeline>:<source>:<bucket>}…} (its {@code RedisKeyLayout});
 * ids are slugs without {@code ':'} or glob characters, so {@code <keyPrefix>dedup:<pipeline>:*},
 * {@code <keyPrefix>dedup-sentinel:<pipeline>:*} and {@code {<keyPrefix>dedup:<pipeline>:*} match
 * exactly the pipeline's keys (found in one walk of the key space). A sentinel left behind could
 * say "state lost" to a pipeline created again under the id. The join-service's state of the pipeline goes too (same key prefix). A
 * connection is opened per removal: removals are rare, and an installation without dedup never
 * connects.
 *
 * <p>On a Redis Cluster ({@code SLUICE_DEDUP_REDISCLUSTER}) the cluster connection's {@code SCAN}
 * walks every master in turn, and its {@code UNLINK} of keys from several slots is split per slot.
 */
@Component
class RedisDedupKeys implements DedupKeys, DisposableBean {

    // Keys looked at per SCAN: a removal is rare, and Redis answers each within a few milliseconds.
    private static final int SCAN_COUNT = 5000;

    private final ApiProperties.Dedup settings;

    private final DedupKeySpaces spaces;

    private volatile AbstractRedisClient client;

    @Autowired
    RedisDedupKeys(ApiProperties properties) {
        this(properties.dedup());
    }

    RedisDedupKeys(ApiProperties.Dedup settings) {
        this.settings = settings;
        this.spaces = new DedupKeySpaces(settings.keyPrefix());
    }

    @Override
    public Map<String, Long> delete(Collection<String> pipelineIds) {
        Map<String, Long> deleted = new HashMap<>();
        if (pipelineIds.isEmpty()) {
            return deleted;
        }
        Set<String> wanted = Set.copyOf(pipelineIds);
        try (StatefulConnection<byte[], byte[]> connection = connect()) {
            connection.setTimeout(this.settings.redisTimeout());
            RedisClusterCommands<byte[], byte[]> redis = (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster)
                    ? cluster.sync() : ((StatefulRedisConnection<byte[], byte[]>) connection).sync();
            // One walk of the key space for all five spaces and every pipeline; the server matches
            // what it can, the spaces are checked here, as a key's hash bytes may hold anything. A
            // walk per space, or per pipeline, took that many times as long.
            byte[] candidates = this.spaces.candidates(wanted).getBytes(StandardCharsets.UTF_8);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.matches(candidates).limit(SCAN_COUNT));
                List<byte[]> keys = new ArrayList<>();
                for (byte[] key : page.getKeys()) {
                    String pipeline = this.spaces.pipelineOf(key);
                    if (pipeline != null && wanted.contains(pipeline)) {
                        keys.add(key);
                        deleted.merge(pipeline, 1L, Long::sum);
                    }
                }
                if (!keys.isEmpty()) {
                    redis.unlink(keys.toArray(byte[][]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } catch (RedisException e) {
            throw new TracesUnavailableException("deleting the dedup keys of pipeline(s) " + String.join(", ", new TreeSet<>(wanted))
                    + " from Redis at " + redacted() + " failed: " + e.getMessage(), e);
        }
    }

    private StatefulConnection<byte[], byte[]> connect() {
        AbstractRedisClient current = client();
        return (current instanceof RedisClusterClient cluster) ? cluster.connect(ByteArrayCodec.INSTANCE)
                : ((RedisClient) current).connect(ByteArrayCodec.INSTANCE);
    }

    private AbstractRedisClient client() {
        AbstractRedisClient current = this.client;
        if (current == null) {
            synchronized (this) {
                if (this.client == null) {
                    List<RedisURI> uris = uris();
                    this.client = this.settings.redisCluster() ? RedisClusterClient.create(uris) : RedisClient.create(uris.get(0));
                }
                current = this.client;
            }
        }
        return current;
    }

    // One URI, or on a cluster seed nodes separated by commas (as the dedup-service reads them).
    private List<RedisURI> uris() {
        String[] uris = this.settings.redisCluster() ? this.settings.redisUri().split(",") : new String[] { this.settings.redisUri() };
        return Arrays.stream(uris).map(String::trim).filter(uri -> !uri.isEmpty()).map(uri -> {
            RedisURI parsed = RedisURI.create(uri);
            parsed.setTimeout(this.settings.redisTimeout());
            return parsed;
        }).toList();
    }

    /** The URIs without a password, for messages. */
    private String redacted() {
        return String.join(",", uris().stream().map(uri -> uri.getHost() + ":" + uri.getPort()).toList());
    }

    @Override
    public void destroy() {
        AbstractRedisClient current = this.client;
        if (current != null) {
            current.shutdown();
        }
    }
}
