package io.sluice.api.removal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sluice.api.config.ApiProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@link DedupKeys} in Redis. The dedup-service names a key
 * {@code <keyPrefix>dedup:<pipeline>:<source>:<16 bytes of a hash>} and each lane's state-loss
 * sentinel {@code <keyPrefix>dedup-sentinel:<pipeline>:<source>:<lane>} (its {@code RedisKeyLayout});
 * ids are slugs without {@code ':'} or glob characters, so {@code <keyPrefix>dedup:<pipeline>:*}
 * and {@code <keyPrefix>dedup-sentinel:<pipeline>:*} match exactly the pipeline's keys. A sentinel
 * left behind could say "state lost" to a pipeline created again under the id. The join-service's
 * state of the pipeline goes too (same key prefix). A connection is opened per removal: removals are rare, and
 * an installation without dedup never connects.
 */
@Component
class RedisDedupKeys implements DedupKeys, DisposableBean {

    private static final int SCAN_COUNT = 1000;

    private final ApiProperties.Dedup settings;

    private volatile RedisClient client;

    RedisDedupKeys(ApiProperties properties) {
        this.settings = properties.dedup();
    }

    @Override
    public long delete(String pipelineId) {
        try (StatefulRedisConnection<byte[], byte[]> connection = client().connect(ByteArrayCodec.INSTANCE)) {
            connection.setTimeout(this.settings.redisTimeout());
            RedisCommands<byte[], byte[]> redis = connection.sync();
            long deleted = 0;
            String prefix = escapeGlob(this.settings.keyPrefix());
            // The join state: {<keyPrefix>join:<pipeline>:<shard>}:… per shard (a Redis Cluster hash
            // tag) and <keyPrefix>join:<pipeline>:replicas (the join-service's JoinStateLayout).
            for (String space : List.of(prefix + "dedup:", prefix + "dedup-sentinel:", "{" + prefix + "join:", prefix + "join:")) {
                byte[] pattern = (space + pipelineId + ":*").getBytes(StandardCharsets.UTF_8);
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(SCAN_COUNT));
                    List<byte[]> keys = page.getKeys();
                    if (!keys.isEmpty()) {
                        deleted += redis.unlink(keys.toArray(new byte[0][]));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
            }
            return deleted;
        } catch (RedisException e) {
            throw new TracesUnavailableException("deleting the dedup keys of pipeline " + pipelineId + " from Redis at "
                    + redacted() + " failed: " + e.getMessage(), e);
        }
    }

    private RedisClient client() {
        RedisClient current = this.client;
        if (current == null) {
            synchronized (this) {
                if (this.client == null) {
                    RedisURI uri = RedisURI.create(this.settings.redisUri());
                    uri.setTimeout(this.settings.redisTimeout());
                    this.client = RedisClient.create(uri);
                }
                current = this.client;
            }
        }
        return current;
    }

    /** The URI without a password, for messages. */
    private String redacted() {
        RedisURI uri = RedisURI.create(this.settings.redisUri());
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String escapeGlob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public void destroy() {
        RedisClient current = this.client;
        if (current != null) {
            current.shutdown();
        }
    }
}
