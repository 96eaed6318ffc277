package io.sluice.sink.clickhouse;

import java.util.List;
import java.util.function.Function;

import com.clickhouse.client.api.Client;

import io.sluice.sink.clickhouse.ClickHouseReplicas.Replica;

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
        Replica replica = this.replicas.current();
        try {
            return this.writers.get(replica.index()).insert(block);
        }
        catch (ClickHouseFailureException ex) {
            if (ex.failure().isTransient()) {
                this.replicas.failed(replica, ex.failure().reason());
            }
            throw ex;
        }
    }
}
