package io.sluice.dedup.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.dedup.state.StateGuard;
import io.sluice.dedup.state.StateProbe;
import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.Routing;
import io.sluice.retry.Backoff;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.LaneBell;
import io.sluice.worker.lane.LaneCoordinator;
import io.sluice.worker.lane.LaneHandler;
import io.sluice.worker.lane.LaneRunners;
import io.sluice.worker.lane.LaneThreads;
import io.sluice.worker.lane.LaneStore;
import io.sluice.worker.lane.StreamLaneDiscovery;
import io.sluice.worker.purge.InputPurger;

/** What the dedup stage does for a pipeline: serve its share of the lanes of each source it dedups or filters. */
final class DedupWorkFactory implements PipelineWorkFactory {

    private final Connection connection;
    private final JetStream jetStream;
    private final DedupProcessor processor;
    private final DeadLetterPublisher deadLetters;
    private final PipelineStreams streams;
    private final LaneStore laneStore;
    private final InputPurger purger;
    private final NatsNames names;
    private final String replica;
    private final DedupProperties properties;
    private final MeterRegistry meters;
    private final StateProbe stateProbe;
    private final RedisServerWatch redisWatch;
    private final LaneThreads laneThreads;

    DedupWorkFactory(Connection connection, JetStream jetStream, DedupProcessor processor, DeadLetterPublisher deadLetters,
            PipelineStreams streams, LaneStore laneStore, InputPurger purger, NatsNames names, String replica,
            DedupProperties properties, MeterRegistry meters, StateProbe stateProbe, RedisServerWatch redisWatch) {
        this.connection = connection;
        this.laneThreads = new LaneThreads(Component.DEDUP.json(), connection);
        this.jetStream = jetStream;
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.streams = streams;
        this.laneStore = laneStore;
        this.purger = purger;
        this.names = names;
        this.replica = replica;
        this.properties = properties;
        this.meters = meters;
        this.stateProbe = stateProbe;
        this.redisWatch = redisWatch;
    }

    private JetStreamManagement jetStreamManagement() {
        try {
            return connection.jetStreamManagement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        // One thread publishes every lane's outputs, in the order their claims were answered; it
        // ends after 30 s without work, so idle pipelines hold none.
        ExecutorService publisher = DaemonThreads.pool("dedup-publish-" + definition.id(), 1);
        // Only sources with a dedup key keep state in Redis; a filter-only stage has none to lose.
        StateGuard guard = definition.sources().stream().anyMatch(source -> source.dedup() != null)
                ? new StateGuard(definition.id(), properties.onStateLoss(), stateProbe, redisWatch,
                        laneKey -> laneStore.read(laneKey).progress().processedSeq(), Clock.systemUTC())
                : null;
        Map<String, LaneHandler> handlers = new HashMap<>();
        // A dedup lane is a partition of a source's ingest output.
        Map<String, String> laneSubjects = new LinkedHashMap<>();
        for (SourceDefinition source : definition.sources()) {
            if (Routing.throughDedup(definition, source)) {
                laneSubjects.put(source.id(), names.ingestSubjects(definition.id(), source.id()));
                handlers.put(source.id(), new DedupHandler(definition.id(), source, filter, processor, jetStream,
                        jetStreamManagement(), deadLetters, names, metrics, Clock.systemUTC(), publisher,
                        source.dedup() == null ? null : guard));
            }
        }
        if (laneSubjects.isEmpty()) {
            publisher.shutdown();
            return Optional.empty();
        }
        String stream = names.dataStream(definition.id());
        LaneRunners lanes = new LaneRunners(new LaneRunners.Settings(definition.id(), replica, stream,
                properties.maxInFlight(), properties.lease(), properties.purgeInterval()), laneStore, jetStream, handlers, purger,
                new Backoff(properties.retryInitial(), properties.retryMax(), Math::random), Clock.systemUTC());
        LaneCoordinator coordinator = new LaneCoordinator(
                new LaneCoordinator.Settings(Component.DEDUP.json(), definition.id(), replica, properties.lease()), laneStore,
                new StreamLaneDiscovery(connection, stream, definition.id(), laneSubjects), lanes, Clock.systemUTC(),
                laneThreads, new LaneBell(connection, names.laneBellSubject(definition.id())));
        return Optional.of(new DedupWork(definition.id(), streams, coordinator, publisher, metrics, guard,
                Map.of("redis", RedisClients.shown(properties.redisUri()))));
    }
}
