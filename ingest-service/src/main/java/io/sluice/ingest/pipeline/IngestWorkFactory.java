package io.sluice.ingest.pipeline;

import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.sluice.ingest.kafka.SourceRests;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.ingest.replay.ReplayIngest;
import io.sluice.ingest.replay.ReplayLedger;
import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.consume.SharedPulls;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.PipelineWorkFactory;

/** Every pipeline reads Kafka (and takes replayed dead letters in), so the ingest stage takes part in all of them. */
final class IngestWorkFactory implements PipelineWorkFactory {

    private final Connection connection;

    private final PipelineStreams streams;

    private final NatsNames names;

    private final IngestProperties properties;

    private final BatchPublisher publisher;

    private final ResumePositions positions;

    private final StartPositions starts;

    private final MeterRegistry registry;

    private final ReplayLedger ledger;

    private final SharedPulls pulls;

    private final SourceRests rests;

    IngestWorkFactory(Connection connection, PipelineStreams streams, NatsNames names, IngestProperties properties,
            BatchPublisher publisher, ResumePositions positions, StartPositions starts, MeterRegistry registry,
            ReplayLedger ledger, SharedPulls pulls, SourceRests rests) {
        this.connection = connection;
        this.streams = streams;
        this.names = names;
        this.properties = properties;
        this.publisher = publisher;
        this.positions = positions;
        this.starts = starts;
        this.registry = registry;
        this.ledger = ledger;
        this.pulls = pulls;
        this.rests = rests;
    }

    @Override
    public Component component() {
        return Component.INGEST;
    }

    @Override
    public Optional<PipelineWork> create(PipelineControl control) {
        return Optional.of(new IngestWork(control.definition(), connection, streams, names,
                properties.sourceSettings(), publisher, positions, starts, registry, rests,
                definition -> new ReplayIngest(definition, pulls, names, properties.batch().maxRecords(),
                        (int) properties.batch().maxBytes().toBytes(), properties.replay().ackWait(), publisher, ledger,
                        registry)));
    }
}
