package io.sluice.ingest.replay;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import io.sluice.ingest.kafka.PartitionChunker;
import io.sluice.ingest.kafka.PartitionChunker.Chunk;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingBatch;
import io.sluice.ingest.kafka.PartitionChunker.OutgoingDeadLetter;
import io.sluice.ingest.kafka.SourceRecord;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.PublishOutcome;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.KafkaRecord;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.consume.MessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one replayed dead letter in again: parses it as its source's record at its original
 * position with the definition running now, and publishes a one-record batch to the source's
 * {@link NatsNames#ingestReplaySubject replay subject} or, still bad, a dead letter with the
 * reason. A joined row the sink refused goes back to the sink's input as it is
 * ({@link NatsNames#joinReplaySubject}). Both carry {@code Nats-Msg-Id ingest:<replay id>}, the replay id being the replay
 * message's own {@code Nats-Msg-Id} ({@code replay:<dead-letter stream>:<sequence>:<stored at>}
 * from the api-service), so a redelivered or re-requested replay republishes what JetStream drops;
 * the {@link ReplayLedger} covers a second replay of the same dead letter after that window.
 *
 * <p>The output is awaited here, and the ledger written, before the consumer loop acknowledges the
 * replay: replays are an operator's action, rare and small, so one at a time is plenty and keeps
 * "durable, then remembered, then acknowledged" obvious.
 */
final class ReplayHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplayHandler.class);

    private final PipelineDefinition definition;

    private final NatsNames names;

    private final Map<String, PartitionChunker> chunkers;

    private final BatchPublisher publisher;

    private final ReplayLedger ledger;

    private final ReplayMeters meters;

    private final Clock clock;

    ReplayHandler(PipelineDefinition definition, NatsNames names, Map<String, PartitionChunker> chunkers,
            BatchPublisher publisher, ReplayLedger ledger, ReplayMeters meters, Clock clock) {
        this.definition = definition;
        this.names = names;
        this.chunkers = chunkers;
        this.publisher = publisher;
        this.ledger = ledger;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public CompletionStage<?> handle(Message message) throws IOException {
        String replayId = replayId(message);
        // Unknown (ledger unreachable) is not "new": the exception leaves the replay for a retry.
        if (ledger.contains(definition.id(), replayId)) {
            meters.skipped();
            return CompletableFuture.completedFuture(null);
        }
        String messageId = NatsNames.derivedMessageId(replayId, DeadLetter.INGEST);
        byte[] event = message.getData() == null ? new byte[0] : message.getData();
        ReplayRoute route = ReplayRoute.of(definition, header(message, DeadLetterCodec.SOURCE_POSITION_HEADER),
                header(message, DeadLetterCodec.STAGE_HEADER));
        // Stamped with when it came back: its Kafka timestamp did not travel with the dead letter.
        long timestamp = message.isJetStream() ? message.metaData().timestamp().toInstant().toEpochMilli()
                : clock.millis();
        List<CompletableFuture<PublishOutcome>> acks = new ArrayList<>();
        int published = 0;
        int deadLettered = 0;
        if (route instanceof ReplayRoute.ToJoinOutput toJoinOutput) {
            // The row as the join made it; the sink checks it against the table as it is now.
            SourcePosition position = toJoinOutput.position();
            byte[] envelope = BatchCodec.encode(new Batch(position.topic(), position.partition(),
                    List.of(new BatchRecord(position.offset(), timestamp, null, event))));
            acks.add(publisher.publishBatch(names.joinReplaySubject(definition.id(), position.partition()), messageId,
                    position.offset(), envelope));
            published++;
        } else if (route instanceof ReplayRoute.ToSource toSource) {
            // Checked exactly as if it were read again at its source position.
            SourcePosition position = toSource.position();
            Chunk chunk = chunkers.get(toSource.source().id()).chunk(position.topic(), position.partition(),
                    List.of(new SourceRecord(position.offset(), timestamp, event, kafka(message))));
            for (OutgoingDeadLetter deadLetter : chunk.deadLetters()) {
                acks.add(publisher.publishDeadLetter(names.deadLetterSubject(definition.id()), messageId,
                        DeadLetterCodec.encode(deadLetter.deadLetter())));
                deadLettered++;
            }
            for (OutgoingBatch batch : chunk.batches()) {
                // The last-offset header is there as on every ingest batch; nothing resumes from
                // this subject, so the old offset it names moves no partition back.
                acks.add(publisher.publishBatch(names.ingestReplaySubject(definition.id(), toSource.source().id()),
                        messageId, batch.batch().lastOffset(), batch.envelope()));
                published += batch.batch().records().size();
            }
        } else {
            ReplayRoute.Unroutable unroutable = (ReplayRoute.Unroutable) route;
            acks.add(publisher.publishDeadLetter(names.deadLetterSubject(definition.id()), messageId,
                    DeadLetterCodec.encode(new DeadLetter(definition.id(), DeadLetter.INGEST, unroutable.reason(),
                            unroutable.position(), clock.instant(), event))));
            deadLettered++;
        }
        // Throws if JetStream did not confirm: the replay is not acknowledged and comes again.
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        if (route instanceof ReplayRoute.ToSource && published > 0) {
            // The source's replay subject may be new: the stage after looks for it as a lane.
            publisher.ringLaneBell(definition.id());
        }
        meters.taken(published, deadLettered);
        try {
            ledger.add(definition.id(), replayId);
        } catch (IOException e) {
            // The output is durable; without the entry only JetStream's duplicate window guards a
            // second replay of this dead letter. Not worth replaying it again for.
            log.warn("Replay {} of pipeline {} is in the stream but could not be recorded in the ledger: {}", replayId,
                    definition.id(), e.getMessage());
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The api-service's deterministic id; the stream position for a replay published without one. */
    private static String replayId(Message message) {
        String id = header(message, NatsJetStreamConstants.MSG_ID_HDR);
        if (id != null && !id.isBlank()) {
            return id;
        }
        return "replay:" + message.metaData().getStream() + "/" + message.metaData().streamSequence();
    }

    // The Kafka key and headers the replayed dead letter carried (the api-service copies them
    // onto the replay), so a dead letter that fails again still shows them.
    private static KafkaRecord kafka(Message message) {
        Map<String, String> carried = new HashMap<>();
        for (String name : List.of(DeadLetterCodec.KAFKA_KEY_HEADER, DeadLetterCodec.KAFKA_HEADERS_HEADER)) {
            String value = header(message, name);
            if (value != null) {
                carried.put(name, value);
            }
        }
        return DeadLetterCodec.decodeKafka(carried);
    }

    private static String header(Message message, String name) {
        Headers headers = message.getHeaders();
        return headers == null ? null : headers.getFirst(name);
    }
}
