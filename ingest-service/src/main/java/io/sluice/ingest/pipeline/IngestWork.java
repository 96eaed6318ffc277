package io.sluice.ingest.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;
import io.sluice.ingest.kafka.SourceIngest;
import io.sluice.ingest.kafka.SourceRests;
import io.sluice.ingest.kafka.SourceSettings;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.ingest.replay.ReplayIngest;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;

/**
 * The ingest of one pipeline in this replica: a Kafka consumer per source. Pausing stops the
 * consumers (each waits for its batches in flight and commits what JetStream acknowledged);
 * resuming starts them again, and each partition continues from what the stream holds. Next to
 * them, the pipeline's replayed dead letters are taken in again ({@link ReplayIngest}).
 */
final class IngestWork implements PipelineWork {

    // Dead-letter headers (a reason of up to 1,000 characters) and batch headers stay below this.
    private static final int HEADER_ROOM = 4096;

    private final PipelineDefinition definition;

    private final Connection connection;

    private final PipelineStreams streams;

    private final NatsNames names;

    private final SourceSettings settings;

    private final BatchPublisher publisher;

    private final ResumePositions positions;

    private final StartPositions starts;

    private final MeterRegistry registry;

    // Makes the replay consumer at each start, as the sources' consumers are made there.
    private final Function<PipelineDefinition, ReplayIngest> replays;

    private final SourceRests rests;

    private volatile ReplayIngest replay;

    // Read by the status reporter's thread while the host's thread starts or stops the work.
    private final List<SourceIngest> sources = new CopyOnWriteArrayList<>();

    IngestWork(PipelineDefinition definition, Connection connection, PipelineStreams streams, NatsNames names,
            SourceSettings settings, BatchPublisher publisher, ResumePositions positions, StartPositions starts,
            MeterRegistry registry, SourceRests rests, Function<PipelineDefinition, ReplayIngest> replays) {
        this.definition = definition;
        this.connection = connection;
        this.streams = streams;
        this.names = names;
        this.settings = settings;
        this.publisher = publisher;
        this.positions = positions;
        this.starts = starts;
        this.registry = registry;
        this.replays = replays;
        this.rests = rests;
    }


    @Override
    public void start() throws Exception {
        checkNatsPayload();
        streams.ensureStreams(definition.id());
        for (SourceDefinition source : definition.sources()) {
            sources.add(new SourceIngest(definition.id(), source, names, settings, publisher, positions, starts, registry, rests));
        }
        replay = replays.apply(definition);
        try {
            sources.forEach(SourceIngest::start);
            replay.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    // A server configured with a smaller max_payload would refuse every batch: say so at start.
    private void checkNatsPayload() {
        ServerInfo server = connection.getServerInfo();
        if (server != null && server.getMaxPayload() > 0 && settings.maxBatchBytes() + HEADER_ROOM > server.getMaxPayload()) {
            throw new IllegalStateException("sluice.ingest.batch.max-bytes (" + settings.maxBatchBytes()
                    + " bytes) does not fit in the NATS server's max_payload of " + server.getMaxPayload()
                    + " bytes with headers; lower it to at most " + (server.getMaxPayload() - HEADER_ROOM));
        }
    }

    @Override
    public void pause() throws Exception {
        sources.forEach(SourceIngest::stop);
        if (replay != null) {
            replay.stop();
        }
    }

    @Override
    public void resume() throws Exception {
        sources.forEach(SourceIngest::start);
        if (replay != null) {
            replay.start();
        }
    }

    @Override
    public void stop() throws Exception {
        sources.forEach(SourceIngest::close);
        sources.clear();
        if (replay != null) {
            replay.close();
            replay = null;
        }
    }

    @Override
    public WorkStats stats() {
        long in = 0;
        long out = 0;
        long deadLetters = 0;
        long lag = 0;
        String lastError = null;
        for (SourceIngest source : sources) {
            in += source.eventsIn();
            out += source.eventsOut();
            deadLetters += source.deadLetters();
            lag += source.lag();
            if (source.lastError() != null) {
                lastError = source.lastError();
            }
        }
        ReplayIngest replaying = replay;
        if (replaying != null) {
            in += replaying.eventsIn();
            out += replaying.eventsOut();
            deadLetters += replaying.deadLetters();
            if (lastError == null) {
                lastError = replaying.lastError();
            }
        }
        return new WorkStats(in, out, 0, deadLetters, lag, lastError, false);
    }
}
