package io.sluice.sink.pipeline;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.model.clickhouse.TableDeduplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.sluice.model.control.Component;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.retry.Backoff;
import io.sluice.sink.clickhouse.ClickHouseEndpoint;
import io.sluice.sink.clickhouse.ClickHouseReplicas;
import io.sluice.sink.clickhouse.ClickHouseWriter;
import io.sluice.sink.clickhouse.ReplicaFailoverWriter;
import io.sluice.sink.clickhouse.ClientV2ClickHouseWriter;
import io.sluice.sink.clickhouse.ClientV2SchemaInspector;
import io.sluice.sink.clickhouse.BlockMemory;
import io.sluice.sink.clickhouse.SchemaCheck;
import io.sluice.sink.clickhouse.ZooKeeperBlockMemory;
import io.sluice.sink.clickhouse.TableInspection;
import io.sluice.sink.column.RowEncoder;
import io.sluice.sink.progress.ProgressStore;
import io.sluice.sink.share.SinkShare;
import io.sluice.worker.control.PipelineWork;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.LaneThreads;
import io.sluice.worker.purge.InputPurger;

/**
 * Starts a pipeline's sink only after checking its table: a missing table, a missing column or a
 * type the server lacks refuses the start with every problem named (the runtime reports the
 * pipeline failed and retries, so creating the table later is enough), not a failure at row 1,000,001.
 */
final class SinkWorkFactory implements PipelineWorkFactory {

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ProgressStore progress;
    private final DeadLetterPublisher deadLetters;
    private final InputPurger purger;
    private final PipelineStreams streams;
    private final NatsNames names;
    private final String replica;
    private final SinkProperties properties;
    private final SinkShare share;
    private final MeterRegistry meters;
    private final LaneThreads laneThreads;

    SinkWorkFactory(JetStream jetStream, JetStreamManagement management, ProgressStore progress,
            DeadLetterPublisher deadLetters, InputPurger purger, PipelineStreams streams, NatsNames names, String replica,
            SinkProperties properties, SinkShare share, MeterRegistry meters, LaneThreads laneThreads) {
        this.jetStream = jetStream;
        this.management = management;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.purger = purger;
        this.streams = streams;
        this.names = names;
        this.replica = replica;
        this.properties = properties;
        this.share = share;
        this.meters = meters;
        this.laneThreads = laneThreads;
    }

    @Override
    public Component component() {
        return Component.SINK;
    }

    @Override
    public Optional<PipelineWork> create(PipelineControl control) throws Exception {
        PipelineDefinition definition = control.definition();
        SinkDefinition sink = definition.sink();
        streams.ensureStreams(definition.id());
        ClickHouseReplicas replicas = ClickHouseReplicas.open(ClickHouseEndpoint.of(sink));
        try {
            // Replicas of one shard hold the same table: any that answers describes it.
            TableInspection table = replicas.firstAnswering(
                    (client) -> new ClientV2SchemaInspector(client, properties.insertTimeout()).inspect(sink.database(), sink.table()));
            SchemaCheck.Result check = SchemaCheck.check(sink, table,
                    definition.join() == null ? java.util.Set.of() : definition.join().fieldsNullWhenUnmatched());
            if (!check.passed()) {
                throw new IllegalStateException("table " + sink.database() + "." + sink.table() + " cannot be used: "
                        + String.join("; ", check.problems()));
            }
            SinkMetrics metrics = new SinkMetrics(meters, definition.id(), Clock.systemUTC());
            ClickHouseWriter writer = new ReplicaFailoverWriter(replicas,
                    (client) -> new ClientV2ClickHouseWriter(client, table.version(), properties.insertTimeout()));
            TableDeduplication deduplication = table.deduplication();
            BlockMemory blocks = deduplication != null && deduplication.zookeeperPath() != null
                    ? new ZooKeeperBlockMemory(() -> replicas.current().client(), deduplication.zookeeperPath(), properties.insertTimeout())
                    : BlockMemory.UNKNOWN;
            List<SinkLane> lanes = new ArrayList<>();
            for (String subject : names.sinkInputSubjects(definition)) {
                // The encoder keeps per-column buffers: one per lane thread.
                RowEncoder encoder = RowEncoder.compile(check.bindings(), ZoneId.of(table.timeZone()));
                SinkLane.Settings settings = new SinkLane.Settings(definition.id(), laneKey(definition.id(), subject), replica,
                        sink.database(), sink.table(), sink.maxBatchSize(), properties.maxBlockBytes().toBytes(),
                        sink.maxDelay().duration(), properties.lease(),
                        names.dataStream(definition.id()), subject, properties.purgeInterval(), deduplication,
                        sink.allowAtLeastOnce(), properties.idleWait());
                lanes.add(new SinkLane(settings, progress, new JetStreamRangeReader(jetStream, management, names.dataStream(definition.id()), subject),
                        encoder, writer, blocks, deadLetters, metrics, new Backoff(properties.retryInitial(), properties.retryMax(), Math::random),
                        purger, share, Clock.systemUTC(), laneThreads));
            }
            return Optional.of(new SinkWork(lanes, replicas, metrics, warnings(check, table)));
        } catch (Exception | Error e) {
            replicas.close();
            throw e;
        }
    }

    /** What weakens the pipeline's guarantees on this table and server, for status. */
    static List<String> warnings(SchemaCheck.Result check, TableInspection table) {
        List<String> warnings = new ArrayList<>(check.warnings());
        if (!table.version().supportsInsertDeduplicationToken() && table.deduplication() != null
                && table.deduplication().dropsReplayedInserts()) {
            // Without a token the table knows a block by its content only.
            warnings.add("ClickHouse " + table.version() + " has no insert_deduplication_token (22.2+): two different "
                    + "blocks with byte-identical rows are taken for one replayed block and the second is dropped. Map a "
                    + "column that differs per event (an event id, a timestamp) so that no two blocks are identical");
        }
        return warnings;
    }

    /** A KV key per input subject: {@code <pipeline>.<stage>.<source>} (wildcards dropped). */
    static String laneKey(String pipelineId, String subject) {
        String[] tokens = subject.split("\\.");
        StringBuilder key = new StringBuilder(pipelineId);
        // The subject is <root…>.<pipeline>.<stage>[.<source>].*: keep what follows the pipeline id.
        boolean afterPipeline = false;
        for (String token : tokens) {
            if (afterPipeline && !token.equals("*") && !token.equals(">")) {
                key.append('.').append(token);
            }
            afterPipeline |= token.equals(pipelineId);
        }
        return key.toString();
    }
}
