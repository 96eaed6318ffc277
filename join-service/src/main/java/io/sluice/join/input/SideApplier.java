package io.sluice.join.input;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.sluice.join.state.Applied;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.join.state.StateEvent;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.key.EventFields;
import io.sluice.model.key.InvalidEventException;
import io.sluice.model.key.KeyExtractor;

/**
 * Applies the events of one side's input batches to the join state: each event keyed by its
 * side's join key fields and applied as a left or a right event; an event that cannot be keyed
 * is recorded as invalid (a dead letter with the reason, stage {@code join}). A batch's events
 * go to Redis in one script per shard, in the batch's order, and batches are sent in the lane's
 * order on the store's one connection, so Redis applies a lane's events in offset order, which the
 * lane check relies on.
 */
public final class SideApplier {

    /** Which side of the join a source is. */
    public enum Side { LEFT, RIGHT }

    private final Side side;
    private final KeyExtractor keys;
    private final RedisJoinStore store;

    public SideApplier(Side side, JoinSide joinSide, SourceDefinition source, RedisJoinStore store) {
        this.side = side;
        this.keys = new KeyExtractor(joinSide.key(), source.schema(), "join key");
        this.store = store;
    }

    public Side side() {
        return side;
    }

    /**
     * @param lane       the lane the batch came from ({@code <source>.<partition or replay>})
     * @param sequential true for a partition lane, whose records' Kafka offsets increase; false for
     *                   the replay lane (dead letters taken in again carry their old offsets), whose
     *                   order is the stream's: {@code streamSequence} and the record's index then
     *                   stand for the offset
     * @return completes once Redis answered every event's script
     */
    public CompletableFuture<List<Applied>> apply(Batch batch, String lane, boolean sequential, long streamSequence) {
        List<RedisJoinStore.Pending> events = new ArrayList<>(batch.records().size());
        for (int i = 0; i < batch.records().size(); i++) {
            BatchRecord record = batch.records().get(i);
            long offset = sequential ? record.offset() : streamSequence * MAX_RECORDS_PER_BATCH + i;
            String position = batch.position(i).toString();
            byte[] event = StateEvent.encode(record.kafkaTimestampMillis(), record.json());
            byte[] key;
            try {
                key = keys.canonicalKey(EventFields.parse(record.json()));
            } catch (InvalidEventException e) {
                events.add(RedisJoinStore.Pending.invalid(lane, offset, position, event, e.getMessage()));
                continue;
            }
            events.add(side == Side.LEFT ? RedisJoinStore.Pending.left(key, lane, offset, position, event)
                    : RedisJoinStore.Pending.right(key, lane, offset, position, event));
        }
        return store.applyAll(events);
    }

    // Ingest batches hold at most a few thousand records; a replay batch holds one.
    static final long MAX_RECORDS_PER_BATCH = 1_000_000;
}
