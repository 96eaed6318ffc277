package io.sluice.ingest.replay;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.sluice.ingest.kafka.PartitionChunker;
import io.sluice.ingest.parse.RecordParser;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.consume.DurableConsumerLoop;
import io.sluice.worker.consume.SharedPulls;

/**
 * The replayed dead letters of one pipeline: the ingest stage's durable consumer
 * {@code ingest-replay} on {@link NatsNames#replaySubject}, shared by every ingest replica, each
 * dead letter parsed again by {@link ReplayHandler} next to the sources' Kafka consumers. It pulls
 * on the threads every pipeline's replay consumer shares, when a replay is published
 * ({@link SharedPulls}).
 *
 * <h2>Exactly once</h2>
 * A replayed event re-enters at its original source position, so the stages after ingest treat it
 * like any record: dedup claims its key with that position (a key another event claimed first
 * drops it as a duplicate; a replay of a dead letter the sink rejected finds its own position and
 * passes again). That same rule would pass a second copy of the replay, so dedup does not make a
 * double replay harmless, and a pipeline without dedup has no such stage at all. Ingest does:
 * the output's {@code Nats-Msg-Id} derives from the dead letter's identity, so JetStream drops the
 * republish of a redelivered or retried replay inside the duplicate window, and the
 * {@link ReplayLedger} skips a replay of a dead letter taken in before, whenever it comes.
 */
public final class ReplayIngest {

    /** Replays are few and handled one at a time; a small pull keeps a pause quick. */
    private static final int FETCH_BATCH = 16;

    private static final int MAX_ACK_PENDING = 64;

    private final DurableConsumerLoop loop;

    private final ReplayLedger ledger;

    private final ReplayMeters meters;

    /**
     * @param maxBatchRecords, maxBatchBytes the ingest's batch limits, which a replayed event must fit as any event
     * @param ackWait a replay not acknowledged within this is redelivered (to any replica)
     */
    public ReplayIngest(PipelineDefinition definition, SharedPulls pulls, NatsNames names, int maxBatchRecords,
            int maxBatchBytes, Duration ackWait, BatchPublisher publisher, ReplayLedger ledger, MeterRegistry registry) {
        this.ledger = ledger;
        this.meters = new ReplayMeters(registry, definition.id());
        Map<String, PartitionChunker> chunkers = new HashMap<>();
        for (SourceDefinition source : definition.sources()) {
            chunkers.put(source.id(), new PartitionChunker(definition.id(), RecordParser.forSource(source), maxBatchRecords,
                    maxBatchBytes, Clock.systemUTC()));
        }
        ReplayHandler handler = new ReplayHandler(definition, names, chunkers, publisher, ledger, meters, Clock.systemUTC());
        this.loop = new DurableConsumerLoop(pulls, new DurableConsumerLoop.Settings(names.dataStream(definition.id()),
                "ingest-replay", names.replaySubject(definition.id()), FETCH_BATCH, ackWait, MAX_ACK_PENDING), handler);
    }

    /** Creates the consumer (and the ledger) if needed and consumes; the stream must exist. */
    public void start() throws IOException, JetStreamApiException {
        ledger.ensure();
        loop.start();
    }

    /** Returns once the replays taken are handled and acknowledged. */
    public void stop() throws InterruptedException {
        loop.stop();
    }

    /** Stops and removes the meters. */
    public void close() throws InterruptedException {
        stop();
        meters.remove();
    }

    /** Replays handled (published or dead-lettered again; not those skipped as replayed before). */
    public long eventsIn() {
        return meters.in();
    }

    public long eventsOut() {
        return meters.out();
    }

    public long deadLetters() {
        return meters.deadLetters();
    }

    public String lastError() {
        return loop.lastError();
    }
}
