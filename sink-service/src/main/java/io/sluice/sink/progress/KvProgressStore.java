package io.sluice.sink.progress;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;

/**
 * Lane progress in a NATS KV bucket owned by the sink stage: its state lives beside the data it
 * describes, on the same replicated JetStream, with compare-and-set by revision.
 */
public final class KvProgressStore implements ProgressStore {

    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final KeyValue kv;

    public KvProgressStore(Connection connection, String bucket) throws Exception {
        var kvm = connection.keyValueManagement();
        KeyValueConfiguration configuration = KeyValueConfiguration.builder()
                .name(bucket)
                .description("Sluice sink progress: committed stream sequence and the insert in flight, per lane")
                .maxHistoryPerKey(1)
                .storageType(StorageType.File)
                .build();
        try {
            kvm.getStatus(bucket);
            kvm.update(configuration);
        } catch (JetStreamApiException missing) {
            kvm.create(configuration);
        }
        this.kv = connection.keyValue(bucket);
    }

    @Override
    public Versioned read(String lane) throws Exception {
        KeyValueEntry entry = kv.get(lane);
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
            return new Versioned(Progress.START, entry == null ? 0 : entry.getRevision());
        }
        return new Versioned(ProgressJson.read(entry.getValue()), entry.getRevision());
    }

    @Override
    public long compareAndSet(String lane, long expectedRevision, Progress progress) throws Exception {
        try {
            return expectedRevision == 0 ? kv.create(lane, ProgressJson.write(progress))
                    : kv.update(lane, ProgressJson.write(progress), expectedRevision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return LOST;
            }
            throw e;
        }
    }
}
