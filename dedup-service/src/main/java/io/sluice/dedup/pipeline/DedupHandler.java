package io.sluice.dedup.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
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
import io.sluice.nats.StoredMessages;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.Lane;
import io.sluice.worker.lane.LaneHandler;

/**
 * Dedups one ingest batch of one source and publishes what passes: the dedup stage's part of a
 * lane (the lane machinery is worker-runtime's {@code io.sluice.worker.lane}). The returned stage
 * completes when JetStream acknowledged the output and the dead letters; only then does the lane
 * count the input as processed.
 *
 * <p>Claims are sent on the calling (lane) thread, in the order the lane hands batches over, on the
 * store's one connection, and answered in that order: Redis applies them in stream order, so the
 * first record in the partition wins with several batches in flight. A batch processed again (after
 * a failure, a crash, or by a replica that took the lane over) claims its keys again and finds its
 * own positions, so it comes out the same. Publishing is ordered more strictly: a batch's dead
 * letters first, then its output — and that only once the lane's previous batch is stored. So each
 * lane's output subject ({@code …dedup.<source>.<partition or replay>}) holds a gap-free prefix of
 * the lane's inputs, every output carries its input's stream sequence
 * ({@link NatsNames#INPUT_SEQUENCE_HEADER}), and the subject's last message says exactly which
 * inputs are published, for as long as the stream keeps it (purging keeps each such subject's last
 * message). A batch with dead letters and nothing that passed still publishes an empty output, so
 * that this holds for its dead letters too. Every id published also derives from the input's id, so
 * a replica racing this one republishes nothing JetStream keeps (within its duplicate window).
 */
final class DedupHandler implements LaneHandler {

    private static final String MSG_ID = "Nats-Msg-Id";

    private final String pipelineId;
    private final SourceDefinition source;
    private final Filter filter;
    private final DedupProcessor processor;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final String stream;
    private final DeadLetterPublisher deadLetters;
    private final NatsNames names;
    private final DedupMetrics metrics;
    private final Clock clock;
    private final Executor publisher;
    private final StateGuard guard;

    /** @param guard keeps the source's claims out of a Redis that lost them; null for a source without dedup */
    DedupHandler(String pipelineId, SourceDefinition source, Filter filter, DedupProcessor processor, JetStream jetStream,
            JetStreamManagement management, DeadLetterPublisher deadLetters, NatsNames names, DedupMetrics metrics, Clock clock,
            Executor publisher, StateGuard guard) {
        this.pipelineId = pipelineId;
        this.source = source;
        this.filter = filter;
        this.processor = processor;
        this.jetStream = jetStream;
        this.management = management;
        this.stream = names.dataStream(pipelineId);
        this.deadLetters = deadLetters;
        this.names = names;
        this.metrics = metrics;
        this.clock = clock;
        this.publisher = publisher;
        this.guard = guard;
    }

    @Override
    public CompletableFuture<?> handle(Message message, CompletableFuture<?> previous) throws Exception {
        String inputId = inputId(message);
        long inputSeq = message.metaData().streamSequence();
        // The lane is the subject's last token (partition or replay): it names the output subject,
        // and its sentinel guards the claims.
        String part = lanePart(message.getSubject());
        String outputSubject = names.dedupLaneSubject(pipelineId, source.id(), part);
        Batch batch;
        try {
            batch = BatchCodec.decode(message.getData());
        } catch (CorruptBatchException e) {
            // Cannot happen with our own ingest; if it does, keep the bytes for inspection and move on.
            metrics.recordCorrupt();
            return previous.thenComposeAsync(ignored -> deadLetters.publish(new DeadLetter(pipelineId, DeadLetter.DEDUP,
                    "corrupt batch: " + e.getMessage(), null, clock.instant(), message.getData()), "dedup-corrupt:" + inputId),
                    publisher);
        }
        String lane = guard == null ? null : part;
        if (lane != null) {
            guard.admit(source.id(), lane);
        }
        return processor.processAsync(batch, inputId, pipelineId, source, filter, lane)
                .whenComplete((result, failure) -> {
                    if (failure != null && lane != null) {
                        guard.claimFailed(source.id(), lane, failure);
                    }
                })
                .thenCombine(previous, (result, ignored) -> result)
                .thenComposeAsync(result -> publish(batch, inputId, inputSeq, outputSubject, result), publisher);
    }

    @Override
    public long publishedThrough(Lane lane) throws Exception {
        Optional<MessageInfo> last = StoredMessages.last(management, stream,
                names.dedupLaneSubject(pipelineId, lane.sourceId(), lane.part()));
        String inputSeq = last.map(MessageInfo::getHeaders).map(headers -> headers.getFirst(NatsNames.INPUT_SEQUENCE_HEADER))
                .orElse(null);
        // None published yet, or outputs written before outputs carried their input: rely on the
        // duplicate window as before.
        return inputSeq == null ? 0 : Long.parseLong(inputSeq);
    }

    private CompletableFuture<Void> publish(Batch batch, String inputId, long inputSeq, String outputSubject,
            DedupResult result) {
        List<CompletableFuture<?>> letters = new ArrayList<>(result.deadLetters().size());
        for (DeadLetterCandidate candidate : result.deadLetters()) {
            DeadLetter deadLetter = new DeadLetter(pipelineId, DeadLetter.DEDUP, candidate.reason(), candidate.position(),
                    clock.instant(), candidate.original());
            letters.add(deadLetters.publish(deadLetter, "dedup:" + inputId + ":" + candidate.position().offset()));
        }
        metrics.record(batch.records().size(), result);
        CompletableFuture<Void> lettersStored = CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new));
        if (!result.hasOutput() && letters.isEmpty()) {
            return lettersStored;
        }
        // The output goes last: once it is stored, everything this input caused is.
        return lettersStored.thenComposeAsync(ignored -> jetStream.publishAsync(NatsMessage.builder()
                .subject(outputSubject)
                .headers(new Headers().put(MSG_ID, result.outputMessageId())
                        .put(NatsNames.INPUT_SEQUENCE_HEADER, Long.toString(inputSeq)))
                .data(BatchCodec.encode(result.passed()))
                .build()), publisher).thenApply(ack -> null);
    }

    /** The lane an ingest subject is: its last token, a partition number or {@code replay}. */
    private static String lanePart(String inputSubject) {
        return inputSubject.substring(inputSubject.lastIndexOf('.') + 1);
    }

    private static String inputId(Message message) {
        Headers headers = message.getHeaders();
        String id = headers == null ? null : headers.getFirst(MSG_ID);
        // Every ingest batch carries one; fall back to the stream position so ids stay deterministic.
        return id != null ? id : message.metaData().getStream() + "/" + message.metaData().streamSequence();
    }
}
