package io.sluice.api.distribution;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.InvalidControlJsonException;
import io.sluice.model.control.PipelineControl;
import io.sluice.nats.JetStreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link ControlStore} on the NATS KV definitions bucket. */
@Component
class NatsControlStore implements ControlStore {

    private static final Logger log = LoggerFactory.getLogger(NatsControlStore.class);

    private final ControlBuckets buckets;

    NatsControlStore(ControlBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    public void put(PipelineControl control) {
        String key = ControlKeys.definitionKey(control.pipelineId());
        byte[] value = ControlJson.write(control);
        call(kv -> kv.put(key, value));
    }

    @Override
    public void delete(String pipelineId) {
        String key = ControlKeys.definitionKey(pipelineId);
        call(kv -> {
            kv.delete(key);
            return null;
        });
    }

    @Override
    public Map<String, StoredControl> readAll() {
        return call(kv -> {
            Map<String, StoredControl> stored = new LinkedHashMap<>();
            for (String key : kv.keys()) {
                KeyValueEntry entry = kv.get(key);
                if (entry == null || entry.getValue() == null) {
                    continue; // deleted since the key was listed
                }
                stored.put(key, new StoredControl(entry.getRevision(), read(key, entry.getValue())));
            }
            return stored;
        });
    }

    @Override
    public boolean putIfUnchanged(PipelineControl control, long expectedRevision) {
        String key = ControlKeys.definitionKey(control.pipelineId());
        byte[] value = ControlJson.write(control);
        return call(kv -> {
            try {
                if (expectedRevision == 0) {
                    kv.create(key, value);
                } else {
                    kv.update(key, value, expectedRevision);
                }
                return true;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean deleteIfUnchanged(String pipelineId, long expectedRevision) {
        String key = ControlKeys.definitionKey(pipelineId);
        return call(kv -> {
            try {
                kv.delete(key, expectedRevision);
                return true;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static PipelineControl read(String key, byte[] value) {
        try {
            return ControlJson.readControl(value);
        } catch (InvalidControlJsonException e) {
            log.warn("KV value of pipeline '{}' is unreadable and will be overwritten: {}", key, e.getMessage());
            return null;
        }
    }

    private <T> T call(KvCall<T> call) {
        buckets.requireConnected();
        try {
            return call.on(buckets.definitions());
        } catch (IOException | JetStreamApiException e) {
            // The bucket may have been deleted under us: check it again before the next use.
            buckets.invalidate();
            throw new ControlBucketUnavailableException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            // jnats' answer when the connection is closing or closed.
            buckets.invalidate();
            throw new ControlBucketUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlBucketUnavailableException("Interrupted", e);
        }
    }

    @FunctionalInterface
    private interface KvCall<T> {
        T on(KeyValue kv) throws IOException, JetStreamApiException, InterruptedException;
    }
}
