package io.sluice.nats;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;

/**
 * A KV bucket's values as one watch of it delivered them, read locally: for what is read often by
 * many (every pipeline's look at heartbeats, every status read), where listing the bucket each time
 * costs the server a consumer and a request per key. A delete or purge marker removes the key; a
 * value {@code read} cannot make sense of removes it too, as a listing would skip it. A key that
 * ages out of a bucket with a time-to-live gets no marker: it stays with the time it was written,
 * for the reader to judge.
 *
 * @param <T> what a value reads as
 */
public final class KvMirror<T> implements KeyValueWatcher {

    /** A value and when the bucket stored it. */
    public record Entry<T>(T value, Instant writtenAt) {
    }

    private final Function<byte[], T> read;
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    // The same entries of keys with a dot, grouped by their first token and keyed by the rest, so
    // that a look under one token (one pipeline's replicas, asked by its coordinator every 2.5 s)
    // reads that token's few entries instead of walking the whole bucket: at 200 idle pipelines
    // the walks were most of the Java code dedup ran.
    private final Map<String, Map<String, Entry<T>>> byToken = new ConcurrentHashMap<>();
    private volatile boolean complete;

    /** @param read a value's meaning, or null for a value that has none this version can read */
    public KvMirror(Function<byte[], T> read) {
        this.read = read;
    }

    @Override
    public void watch(KeyValueEntry entry) {
        if (entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
            written(entry.getKey(), entry.getValue(), entry.getCreated().toInstant());
        } else {
            removed(entry.getKey());
        }
    }

    @Override
    public void endOfData() {
        complete = true;
    }

    /** What a watch delivers for a value written at {@code writtenAt}. */
    public void written(String key, byte[] value, Instant writtenAt) {
        T meaning = read.apply(value);
        if (meaning == null) {
            removed(key);
            return;
        }
        Entry<T> entry = new Entry<>(meaning, writtenAt);
        entries.put(key, entry);
        int dot = key.indexOf('.');
        if (dot >= 0) {
            byToken.computeIfAbsent(key.substring(0, dot), token -> new ConcurrentHashMap<>()).put(key.substring(dot + 1), entry);
        }
    }

    /** What a watch delivers for a deleted or purged key. */
    public void removed(String key) {
        entries.remove(key);
        int dot = key.indexOf('.');
        if (dot >= 0) {
            byToken.computeIfPresent(key.substring(0, dot), (token, group) -> {
                group.remove(key.substring(dot + 1));
                return group.isEmpty() ? null : group;
            });
        }
    }

    /**
     * By the rest of the key, the entries under keys starting with {@code keyPrefix} (all for an
     * empty one); null until the watch has delivered what the bucket held when it began.
     */
    public Map<String, Entry<T>> under(String keyPrefix) {
        if (!complete) {
            return null;
        }
        if (!keyPrefix.isEmpty() && keyPrefix.indexOf('.') == keyPrefix.length() - 1) {
            // One whole first token and its dot.
            Map<String, Entry<T>> group = byToken.get(keyPrefix.substring(0, keyPrefix.length() - 1));
            return group == null ? new HashMap<>() : new HashMap<>(group);
        }
        Map<String, Entry<T>> found = new HashMap<>();
        entries.forEach((key, entry) -> {
            if (key.startsWith(keyPrefix)) {
                found.put(key.substring(keyPrefix.length()), entry);
            }
        });
        return found;
    }
}
