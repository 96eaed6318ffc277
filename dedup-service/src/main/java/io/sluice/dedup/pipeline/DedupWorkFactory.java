package io.sluice.dedup.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.consume.DurableConsumerLoop;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.nats.StreamProvisioner;

/** What the dedup stage does for a pipeline: consume the ingest output of each source it dedups or filters. */
final class DedupWorkFactory implements PipelineWorkFactory {

    private final Connection connection;
    private final JetStream jetStream;
    private final DedupProcessor processor;
    private final DeadLetterPublisher deadLetters;
    private final StreamProvisioner streams;
    private final NatsNames names;
    private final DedupProperties properties;
    private final MeterRegistry meters;

    DedupWorkFactory(Connection connection, JetStream jetStream, DedupProcessor processor, DeadLetterPublisher deadLetters,
            StreamProvisioner streams, WorkerRuntimeProperties runtime, DedupProperties properties, MeterRegistry meters) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.streams = streams;
        this.names = runtime.nats().names();
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public Component component() {
        return Component.DEDUP;
    }

    @Override
    public Optional<PipelineWork> create(PipelineControl control) {
        PipelineDefinition definition = control.definition();
        Filter filter = definition.filter() == null || definition.filter().isBlank() ? null : Filter.parse(definition.filter());
        DedupMetrics metrics = new DedupMetrics(meters, definition.id());
        List<DurableConsumerLoop> loops = new ArrayList<>();
        for (SourceDefinition source : definition.sources()) {
            if (!NatsNames.routedThroughDedup(definition, source)) {
                continue;
            }
            DedupHandler handler = new DedupHandler(definition.id(), source, filter, processor, jetStream, deadLetters, names,
                    metrics, Clock.systemUTC());
            loops.add(new DurableConsumerLoop(connection, new DurableConsumerLoop.Settings(names.dataStream(definition.id()),
                    "dedup-" + source.id(), names.ingestSubjects(definition.id(), source.id()), properties.fetchBatch(),
                    properties.ackWait(), properties.maxAckPending()), handler));
        }
        return loops.isEmpty() ? Optional.empty() : Optional.of(new DedupWork(definition.id(), streams, loops, metrics));
    }
}
