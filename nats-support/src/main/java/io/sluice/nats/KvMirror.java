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
            entries.remove(key);
        } else {
            entries.put(key, new Entry<>(meaning, writtenAt));
        }
    }

    /** What a watch delivers for a deleted or purged key. */
    public void removed(String key) {
        entries.remove(key);
    }

    /**
     * By the rest of the key, the entries under keys starting with {@code keyPrefix} (all for an
     * empty one); null until the watch has delivered what the bucket held when it began.
     */
    public Map<String, Entry<T>> under(String keyPrefix) {
        if (!complete) {
            return null;
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
