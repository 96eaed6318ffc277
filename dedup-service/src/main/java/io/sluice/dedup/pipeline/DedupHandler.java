package io.sluice.dedup.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.dedup.batch.DeadLetterCandidate;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.dedup.batch.DedupResult;
import io.sluice.dedup.state.StateGuard;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.CorruptBatchException;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.consume.MessageHandler;
import io.sluice.worker.deadletter.DeadLetterPublisher;

/**
 * Dedups one ingest batch of one source and publishes what passes. The returned stage completes
 * when JetStream acknowledged the output and the dead letters; only then does the lane count the
 * input as processed. Every id published derives from the input's id, so an input processed again
 * republishes nothing new.
 *
 * <p>Claims are sent on the calling (lane) thread, in the order the lane hands batches over; the
 * outputs are published on the {@code publisher} thread in the order the claims are answered,
 * which is the same order, so a lane's output subject holds its batches in input order.
 */
final class DedupHandler implements MessageHandler {

    private static final String MSG_ID = "Nats-Msg-Id";

    private final String pipelineId;
    private final SourceDefinition source;
    private final Filter filter;
    private final DedupProcessor processor;
    private final JetStream jetStream;
    private final DeadLetterPublisher deadLetters;
    private final NatsNames names;
    private final DedupMetrics metrics;
    private final Clock clock;
    private final Executor publisher;
    private final StateGuard guard;

    /** @param guard keeps the source's claims out of a Redis that lost them; null for a source without dedup */
    DedupHandler(String pipelineId, SourceDefinition source, Filter filter, DedupProcessor processor, JetStream jetStream,
            DeadLetterPublisher deadLetters, NatsNames names, DedupMetrics metrics, Clock clock, Executor publisher,
            StateGuard guard) {
        this.pipelineId = pipelineId;
        this.source = source;
        this.filter = filter;
        this.processor = processor;
        this.jetStream = jetStream;
        this.deadLetters = deadLetters;
        this.names = names;
        this.metrics = metrics;
        this.clock = clock;
        this.publisher = publisher;
        this.guard = guard;
    }

    @Override
    public CompletionStage<?> handle(Message message) throws Exception {
        String inputId = inputId(message);
        Batch batch;
        try {
            batch = BatchCodec.decode(message.getData());
        } catch (CorruptBatchException e) {
            // Cannot happen with our own ingest; if it does, keep the bytes for inspection and move on.
            metrics.recordCorrupt();
            return deadLetters.publish(new DeadLetter(pipelineId, DeadLetter.DEDUP, "corrupt batch: " + e.getMessage(), null,
                    clock.instant(), message.getData()), "dedup-corrupt:" + inputId);
        }
        // The lane is the subject's last token (partition or replay); its sentinel guards the claims.
        String lane = guard == null ? null : message.getSubject().substring(message.getSubject().lastIndexOf('.') + 1);
        if (lane != null) {
            guard.admit(source.id(), lane);
        }
        return processor.processAsync(batch, inputId, pipelineId, source, filter, lane)
                .whenComplete((result, failure) -> {
                    if (failure != null && lane != null) {
                        guard.claimFailed(source.id(), lane, failure);
                    }
                })
                .thenComposeAsync(result -> publish(batch, inputId, result), publisher);
    }

    private CompletableFuture<Void> publish(Batch batch, String inputId, DedupResult result) {
        List<CompletableFuture<?>> published = new ArrayList<>(result.deadLetters().size() + 1);
        for (DeadLetterCandidate candidate : result.deadLetters()) {
            DeadLetter deadLetter = new DeadLetter(pipelineId, DeadLetter.DEDUP, candidate.reason(), candidate.position(),
                    clock.instant(), candidate.original());
            published.add(deadLetters.publish(deadLetter, "dedup:" + inputId + ":" + candidate.position().offset()));
        }
        if (result.hasOutput()) {
            Headers headers = new Headers().put(MSG_ID, result.outputMessageId());
            published.add(jetStream.publishAsync(NatsMessage.builder()
                    .subject(names.dedupSubject(pipelineId, source.id(), batch.partition()))
                    .headers(headers)
                    .data(BatchCodec.encode(result.passed()))
                    .build()));
        }
        metrics.record(batch.records().size(), result);
        return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
    }

    private static String inputId(Message message) {
        Headers headers = message.getHeaders();
        String id = headers == null ? null : headers.getFirst(MSG_ID);
        // Every ingest batch carries one; fall back to the stream position so ids stay deterministic.
        return id != null ? id : message.metaData().getStream() + "/" + message.metaData().streamSequence();
    }
}
