package io.sluice.join.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.sluice.join.input.SideApplier;
import io.sluice.model.join.JoinedRows;
import io.sluice.join.output.ShardPublisher;
import io.sluice.join.output.ShardWorker;
import io.sluice.join.state.JoinLimits;
import io.sluice.join.state.JoinStateGuard;
import io.sluice.join.state.JoinStateLayout;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.filter.Filter;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.retry.Backoff;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.Lane;
import io.sluice.worker.lane.LaneBell;
import io.sluice.worker.lane.LaneCoordinator;
import io.sluice.worker.lane.LaneHandler;
import io.sluice.worker.lane.LaneRunners;
import io.sluice.worker.lane.LaneThreads;
import io.sluice.worker.lane.LaneStore;
import io.sluice.worker.lane.StreamLaneDiscovery;
import io.sluice.worker.purge.InputPurger;
import io.sluice.worker.redis.RedisServerWatch;

/** What the join stage does for a pipeline with a join: its share of both sides' lanes and of the state's shards. */
final class JoinWorkFactory implements PipelineWorkFactory {

    private final Connection connection;
    private final JetStream jetStream;
    private final DeadLetterPublisher deadLetters;
    private final PipelineStreams streams;
    private final LaneStore laneStore;
    private final InputPurger purger;
    private final NatsNames names;
    private final String replica;
    private final JoinProperties properties;
    private final MeterRegistry meters;
    private final RedisServerWatch watch;
    private final LaneThreads laneThreads;

    JoinWorkFactory(Connection connection, JetStream jetStream, DeadLetterPublisher deadLetters, PipelineStreams streams,
            LaneStore laneStore, InputPurger purger, NatsNames names, String replica, JoinProperties properties,
            MeterRegistry meters, RedisServerWatch watch) {
        this.watch = watch;
        this.connection = connection;
        this.laneThreads = new LaneThreads("join", connection);
        this.jetStream = jetStream;
        this.deadLetters = deadLetters;
        this.streams = streams;
        this.laneStore = laneStore;
        this.purger = purger;
        this.names = names;
        this.replica = replica;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public Component component() {
        return Component.JOIN;
    }

    @Override
    public Optional<PipelineWork> create(PipelineControl control) {
        PipelineDefinition definition = control.definition();
        JoinDefinition join = definition.join();
        if (join == null) {
            return Optional.empty();
        }
        String id = definition.id();
        JoinStateLayout layout = new JoinStateLayout(properties.keyPrefix(), id, properties.shards());
        JoinLimits limits = new JoinLimits(join.left().window().duration(), join.right().window().duration(),
                properties.maxWaitingPerKey(), Math.max(1, properties.maxStateBytes().toBytes() / properties.shards()));
        RedisJoinStore store = JoinRedis.store(properties, layout, limits);
        JoinMetrics metrics = new JoinMetrics(meters, id);
        Map<String, String> subjects = new LinkedHashMap<>();
        for (SideApplier.Side side : SideApplier.Side.values()) {
            var source = definition.source((side == SideApplier.Side.LEFT ? join.left() : join.right()).sourceId());
            subjects.put(source.id(), names.sourceOutputSubjects(definition, source));
        }
        StreamLaneDiscovery discovery = new StreamLaneDiscovery(connection, names.dataStream(id), id, subjects);
        JoinStateGuard guard = new JoinStateGuard(id, store, () -> appliedBefore(discovery), watch, Clock.systemUTC());
        Map<String, LaneHandler> handlers = new LinkedHashMap<>();
        for (SideApplier.Side side : SideApplier.Side.values()) {
            var joinSide = side == SideApplier.Side.LEFT ? join.left() : join.right();
            var source = definition.source(joinSide.sourceId());
            handlers.put(source.id(), new JoinLaneHandler(id, source.id(), new SideApplier(side, joinSide, source, store),
                    deadLetters, metrics, guard, Clock.systemUTC()));
        }
        LaneRunners runners = new LaneRunners(new LaneRunners.Settings(id, replica, names.dataStream(id), properties.maxInFlight(),
                properties.lease(), properties.purgeInterval()), laneStore, jetStream, handlers, purger,
                new Backoff(properties.retryInitial(), properties.retryMax(), Math::random), Clock.systemUTC());
        LaneCoordinator coordinator = new LaneCoordinator(new LaneCoordinator.Settings("join", id, replica, properties.lease()),
                laneStore, discovery, runners, Clock.systemUTC(), laneThreads, new LaneBell(connection, names.laneBellSubject(id)));
        Filter filter = definition.filter() == null || definition.filter().isBlank() ? null : Filter.parse(definition.filter());
        JoinedRows rows = new JoinedRows(join);
        JetStreamManagement management = management();
        ShardWorker shards = new ShardWorker(new ShardWorker.Settings(id, replica, properties.shards(), properties.lease()),
                store, shard -> new ShardPublisher(new ShardPublisher.Settings(id, shard, join.type(), properties.publishBatch()),
                        store, jetStream, management, names, rows, filter, deadLetters, Clock.systemUTC()),
                metrics::published);
        return Optional.of(new JoinWork(id, streams, coordinator, shards, store, metrics, guard,
                Map.of("redis", RedisClients.shown(properties.redisUri()))));
    }

    /** Whether any of the pipeline's join lanes recorded progress: the join applied events before. */
    private boolean appliedBefore(StreamLaneDiscovery discovery) throws Exception {
        for (Lane lane : discovery.lanes()) {
            if (laneStore.read(lane.key()).progress().processedSeq() > 0) {
                return true;
            }
        }
        return false;
    }

    private JetStreamManagement management() {
        try {
            return connection.jetStreamManagement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
