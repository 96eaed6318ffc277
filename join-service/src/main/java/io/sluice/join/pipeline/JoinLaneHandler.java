package io.sluice.join.pipeline;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.nats.client.Message;
import io.sluice.join.input.SideApplier;
import io.sluice.join.state.JoinStateGuard;
import io.sluice.join.state.JoinStateLostException;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.CorruptBatchException;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.Lane;
import io.sluice.worker.lane.LaneHandler;

/**
 * Applies one side's input batches to the join state. The join's output is the state's outbox,
 * published by {@link io.sluice.join.output.ShardPublisher}, so a batch publishes nothing here:
 * it is done once Redis answered its events' scripts. A batch applied again (after a crash, or by
 * a replica that took the lane over) changes nothing twice, because every script checks the
 * lane's offset first; so the lane may start over from its recorded progress.
 */
final class JoinLaneHandler implements LaneHandler {

    private final String pipelineId;
    private final String sourceId;
    private final SideApplier applier;
    private final DeadLetterPublisher deadLetters;
    private final JoinMetrics metrics;
    private final JoinStateGuard guard;
    private final Clock clock;

    JoinLaneHandler(String pipelineId, String sourceId, SideApplier applier, DeadLetterPublisher deadLetters,
            JoinMetrics metrics, JoinStateGuard guard, Clock clock) {
        this.guard = guard;
        this.pipelineId = pipelineId;
        this.sourceId = sourceId;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) {
        String subject = message.getSubject();
        String part = subject.substring(subject.lastIndexOf('.') + 1);
        long sequence = message.metaData().streamSequence();
        Batch batch;
        try {
            batch = BatchCodec.decode(message.getData());
        } catch (CorruptBatchException e) {
            // Cannot happen with our own stages; if it does, keep the bytes for inspection and move on.
            return deadLetters.publish(new DeadLetter(pipelineId, DeadLetter.JOIN, "corrupt batch: " + e.getMessage(), null,
                    clock.instant(), message.getData()), "join-corrupt:" + pipelineId + ":" + sequence);
        }
        try {
            guard.beforeApply();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return applier.apply(batch, sourceId + "." + part, !part.equals("replay"), sequence)
                .whenComplete((results, failure) -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof JoinStateLostException refusal) {
                        guard.refused(refusal);
                    }
                })
                .thenAccept(results -> metrics.applied(applier.side(), results));
    }

    /** Nothing to skip: the state's lane offsets make a batch applied again harmless. */
    @Override
    public long publishedThrough(Lane lane) {
        return 0;
    }
}
