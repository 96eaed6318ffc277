package io.sluice.sink.progress;

import io.nats.client.Connection;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;

/**
 * Lane progress in a NATS KV bucket owned by the sink stage: its state lives beside the data it
 * describes, on the same replicated JetStream, with compare-and-set by revision.
 */
public final class KvProgressStore implements ProgressStore {

    private final CasBucket bucket;

    /** @param replicas how many copies JetStream keeps of the bucket ({@code sluice.nats.replicas}) */
    public KvProgressStore(Connection connection, String bucket, NatsReplicas replicas) throws Exception {
        this.bucket = CasBucket.open(connection, bucket,
                "Sluice sink progress: committed stream sequence and the insert in flight, per lane", null, replicas);
    }

    /** A bucket of one copy, as a single NATS server holds it. */
    public KvProgressStore(Connection connection, String bucket) throws Exception {
        this(connection, bucket, NatsReplicas.ONE);
    }

    @Override
    public Versioned read(String lane) throws Exception {
        CasBucket.Versioned entry = bucket.read(lane);
        return new Versioned(entry.value() == null ? Progress.START : ProgressJson.read(entry.value()), entry.revision());
    }

    @Override
    public long compareAndSet(String lane, long expectedRevision, Progress progress) throws Exception {
        long revision = bucket.compareAndSet(lane, expectedRevision, ProgressJson.write(progress));
        return revision == CasBucket.LOST ? LOST : revision;
    }
}
