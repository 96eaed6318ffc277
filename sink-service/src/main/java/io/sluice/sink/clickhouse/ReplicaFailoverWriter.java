package io.sluice.sink.clickhouse;

import java.util.List;
import java.util.function.Function;

import com.clickhouse.client.api.Client;

/**
 * Inserts through the replica {@link ClickHouseReplicas} says is current; a transient failure
 * moves the next insert (the lane's retry of the same block) to the next replica.
 */
public final class ReplicaFailoverWriter implements ClickHouseWriter {

    private final ClickHouseReplicas replicas;

    private final List<ClickHouseWriter> writers;

    /** @param writer makes the writer of one replica's client */
    public ReplicaFailoverWriter(ClickHouseReplicas replicas, Function<Client, ClickHouseWriter> writer) {
        this.replicas = replicas;
        this.writers = replicas.all().stream().map((replica) -> writer.apply(replica.client())).toList();
    }

    @Override
    public InsertResult insert(InsertBlock block) {
        return this.replicas.onCurrent((replica) -> this.writers.get(replica.index()).insert(block));
    }
}
