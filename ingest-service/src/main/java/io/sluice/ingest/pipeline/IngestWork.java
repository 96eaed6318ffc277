package io.sluice.ingest.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;
import io.sluice.ingest.kafka.SourceIngest;
import io.sluice.ingest.kafka.SourceSettings;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.WorkStats;
import io.sluice.worker.nats.StreamProvisioner;

/**
 * The ingest of one pipeline in this replica: a Kafka consumer per source. Pausing stops the
 * consumers (each waits for its batches in flight and commits what JetStream acknowledged);
 * resuming starts them again, and each partition continues from what the stream holds.
 */
final class IngestWork implements PipelineWork {

    // Dead-letter headers (a reason of up to 1,000 characters) and batch headers stay below this.
    private static final int HEADER_ROOM = 4096;

    private final PipelineDefinition definition;

    private final Connection connection;

    private final StreamProvisioner provisioner;

    private final NatsNames names;

    private final SourceSettings settings;

    private final BatchPublisher publisher;

    private final ResumePositions positions;

    private final MeterRegistry registry;

    // Read by the status reporter's thread while the host's thread starts or stops the work.
    private final List<SourceIngest> sources = new CopyOnWriteArrayList<>();

    IngestWork(PipelineDefinition definition, Connection connection, StreamProvisioner provisioner, NatsNames names,
            SourceSettings settings, BatchPublisher publisher, ResumePositions positions, MeterRegistry registry) {
        this.definition = definition;
        this.connection = connection;
        this.provisioner = provisioner;
        this.names = names;
        this.settings = settings;
        this.publisher = publisher;
        this.positions = positions;
        this.registry = registry;
    }

    @Override
    public void start() throws Exception {
        checkNatsPayload();
        provisioner.ensureStreams(definition.id());
        for (SourceDefinition source : definition.sources()) {
            sources.add(new SourceIngest(definition.id(), source, names, settings, publisher, positions, registry));
        }
        try {
            sources.forEach(SourceIngest::start);
        } catch (RuntimeException e) {
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
    public void pause() {
        sources.forEach(SourceIngest::stop);
    }

    @Override
    public void resume() {
        sources.forEach(SourceIngest::start);
    }

    @Override
    public void stop() {
        sources.forEach(SourceIngest::close);
        sources.clear();
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
        return new WorkStats(in, out, 0, deadLetters, lag, lastError, false);
    }
}
