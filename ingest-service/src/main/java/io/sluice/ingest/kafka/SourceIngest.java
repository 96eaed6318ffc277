package io.sluice.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.ingest.parse.RecordParser;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.kafka.ConsumerGroupIds;
import io.sluice.kafka.KafkaClientProperties;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.nats.NatsNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One source of a pipeline: a Kafka consumer in consumer group {@code sluice-<pipeline>-<source>},
 * run by a {@link ConsumerLoop}, whose {@link SourceListener} publishes the topic's records to the
 * pipeline's streams. Started, stopped and restarted (pause, resume) by the pipeline's work.
 */
public final class SourceIngest {

    /**
     * How long closing the consumer waits: Kafka's own close waits for the fetch in flight, which
     * the broker holds up to {@code fetch.max.wait.ms} while a topic is idle (seconds, see
     * {@link PartitionLinger}), and a worker stops hundreds of pipelines at once. Nothing is lost
     * by not waiting: by then the listener settled every batch in flight and committed
     * synchronously, and leaving the group is the first thing close sends.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(250);

    static final int RETRY_BACKOFF_MILLIS = 1000;

    /**
     * The group heartbeat, 10 s instead of Kafka's 3 s: with one consumer per pipeline, heartbeats
     * were a large part of what idle pipelines cost ingest and the broker (at 200 idle pipelines,
     * back to back: 21.3% of a core for both with 3 s, 14.7% with 10 s). The price: the members of a group
     * hear of a rebalance (a replica joining or leaving cleanly) up to 10 s later, so a partition
     * moves up to 7 s later; a replica that dies is still noticed after Kafka's session timeout (45 s),
     * a third of which this stays under.
     */
    static final int HEARTBEAT_INTERVAL_MILLIS = 10_000;

    private final ConsumerLoop loop;

    private final SourceMeters meters;

    public SourceIngest(String pipelineId, SourceDefinition source, NatsNames names, SourceSettings settings,
            BatchPublisher publisher, ResumePositions positions, StartPositions starts, MeterRegistry registry) {
        this(pipelineId, source, names, settings, publisher, positions, starts, registry, SourceRests.NEVER);
    }

    /** @param rests where the consumer rests while the source is quiet ({@link SourceRests#NEVER}: never) */
    public SourceIngest(String pipelineId, SourceDefinition source, NatsNames names, SourceSettings settings,
            BatchPublisher publisher, ResumePositions positions, StartPositions starts, MeterRegistry registry,
            SourceRests rests) {
        this.meters = new SourceMeters(registry, pipelineId, source.id());
        PartitionChunker chunker = new PartitionChunker(pipelineId, RecordParser.forSource(source),
                settings.maxBatchRecords(), settings.maxBatchBytes(), Clock.systemUTC());
        ResumePlanner planner = new ResumePlanner(source.topic(), source.initialOffset());
        ResumeLookup lookup = new ResumeLookup(pipelineId, source.id(), source.topic(), names, positions, starts, planner);
        SourceListener listener = new SourceListener(pipelineId, source.id(), source.topic(), names, chunker, publisher,
                lookup, planner, meters, settings, rests.restAfter(), System::nanoTime);

        Map<String, Object> properties = consumerProperties(pipelineId, source, settings);
        // Stopping waits for the batch in flight of every partition and a synchronous commit.
        Duration stopTimeout = settings.ackTimeout().multipliedBy(3).plusSeconds(10);
        Function<Runnable, SourceRests.Rest> resting = wake -> rests.watch(KafkaClientProperties.of(source.connection()),
                groupId(pipelineId, source.id()), source.topic(), wake);
        loop = new ConsumerLoop("ingest-" + pipelineId + "-" + source.id(), source.topic(),
                () -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()), listener,
                CLOSE_TIMEOUT, stopTimeout, resting);
    }

    static Map<String, Object> consumerProperties(String pipelineId, SourceDefinition source, SourceSettings settings) {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(source.connection()));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(pipelineId, source.id()));
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-ingest-" + pipelineId + "-" + source.id());
        // Never where a partition starts: the listener seeks each one (ResumePlanner applies the
        // source's initialOffset) before reading it. Only a running consumer that retention
        // overtook is reset, and then to what is left rather than past everything to the end.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Records of aborted transactions are not events.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        // A fetch returns as soon as a record arrives, and is held long while none does: an idle
        // source costs a fetch every idleFetchWait, not every linger. PartitionLinger batches.
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) settings.idleFetchWait().toMillis());
        // The group's heartbeat thread wakes every retry.backoff.ms to see whether a heartbeat is
        // due (every 3 s): with Kafka's 100 ms, ten wake-ups a second per pipeline, most of what an
        // idle pipeline's consumer cost after its fetches. A failed request waits this long too.
        properties.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, RETRY_BACKOFF_MILLIS);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MILLIS);
        properties.putAll(settings.consumerOverrides());
        Map<String, String> overrides = settings.consumerOverrides();
        if (overrides.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)
                && !overrides.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            // Kafka refuses a heartbeat not below the session timeout; it advises a third of it.
            long session = Long.parseLong(overrides.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).strip());
            properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(HEARTBEAT_INTERVAL_MILLIS, session / 3));
        }
        return properties;
    }

    static String groupId(String pipelineId, String sourceId) {
        return ConsumerGroupIds.ingest(pipelineId, sourceId);
    }

    /** Joins the group and consumes; returns at once. */
    public void start() {
        loop.start();
    }

    /**
     * Stops consuming: waits for the batches in flight, commits what JetStream acknowledged,
     * leaves the group. {@link #start()} consumes again, from the stream's position.
     */
    public void stop() {
        loop.stop();
    }

    /** Stops and removes this source's meters. */
    public void close() {
        stop();
        meters.remove();
    }

    /** Whether the source rests: its consumer closed until its topic has records to read ({@link SourceRests}). */
    public boolean resting() {
        return loop.resting();
    }

    public long eventsIn() {
        return meters.in();
    }

    public long eventsOut() {
        return meters.out();
    }

    public long deadLetters() {
        return meters.deadLetters();
    }

    public long lag() {
        return meters.lag();
    }

    /** The latest failure (a publish JetStream did not confirm, a position it could not tell), or null. */
    public String lastError() {
        return meters.lastError();
    }
}
