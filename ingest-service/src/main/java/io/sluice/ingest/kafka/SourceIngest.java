package io.sluice.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * One source of a pipeline: a Spring Kafka listener container in consumer group
 * {@code sluice-<pipeline>-<source>} whose {@link SourceListener} publishes the topic's records
 * to the pipeline's streams. Started, stopped and restarted (pause, resume) by the pipeline's work.
 */
public final class SourceIngest {

    private static final Duration AUTH_RETRY = Duration.ofSeconds(10);

    /** See {@link QuickClosingConsumerFactory}. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(250);

    private static final Duration MIN_POLL = Duration.ofMillis(20);

    static final int RETRY_BACKOFF_MILLIS = 1000;

    private final KafkaMessageListenerContainer<byte[], byte[]> container;

    private final SourceMeters meters;

    public SourceIngest(String pipelineId, SourceDefinition source, NatsNames names, SourceSettings settings,
            BatchPublisher publisher, ResumePositions positions, StartPositions starts, MeterRegistry registry) {
        this.meters = new SourceMeters(registry, pipelineId, source.id());
        PartitionChunker chunker = new PartitionChunker(pipelineId, RecordParser.forSource(source),
                settings.maxBatchRecords(), settings.maxBatchBytes(), Clock.systemUTC());
        ResumePlanner planner = new ResumePlanner(source.topic(), source.initialOffset());
        ResumeLookup lookup = new ResumeLookup(pipelineId, source.id(), source.topic(), names, positions, starts, planner);
        SourceListener listener = new SourceListener(pipelineId, source.id(), source.topic(), names, chunker, publisher,
                lookup, planner, meters, settings, System::nanoTime);

        var factory = new QuickClosingConsumerFactory(consumerProperties(pipelineId, source, settings), CLOSE_TIMEOUT);
        ContainerProperties properties = new ContainerProperties(source.topic());
        // The listener commits by itself, only what JetStream acknowledged.
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setMessageListener(listener);
        properties.setConsumerRebalanceListener(listener);
        long poll = pollMillis(settings);
        properties.setPollTimeout(poll);
        // Idle events let the listener end a partition's rest for the linger, commit, and retry a
        // failed partition while no records come.
        properties.setIdleEventInterval(poll);
        properties.setIdleBeforeDataMultiplier(1.0);
        // Stopping waits for the batch in flight of every partition and a synchronous commit.
        properties.setShutdownTimeout(settings.ackTimeout().toMillis() * 3 + 10_000);
        // Wrong credentials or missing ACLs get fixed by someone eventually: keep trying, never stop.
        properties.setAuthExceptionRetryInterval(AUTH_RETRY);
        container = new KafkaMessageListenerContainer<>(factory, properties);
        container.setBeanName("ingest-" + pipelineId + "-" + source.id());
        container.setApplicationEventPublisher(listener);
        // The listener handles its own failures and never throws; should it ever, retry the
        // records for ever rather than the default's skipping them after a few attempts.
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
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
        properties.putAll(settings.consumerOverrides());
        return properties;
    }

    /**
     * How long a poll waits: at most the linger, so that a partition resting for the linger reads
     * again in time while nothing else comes; at least {@link #MIN_POLL}, so that a tiny linger
     * does not spin.
     */
    static long pollMillis(SourceSettings settings) {
        long linger = Math.max(settings.linger().toMillis(), MIN_POLL.toMillis());
        return Math.min(settings.pollTimeout().toMillis(), linger);
    }

    static String groupId(String pipelineId, String sourceId) {
        return ConsumerGroupIds.ingest(pipelineId, sourceId);
    }

    /** Joins the group and consumes; returns at once. */
    public void start() {
        container.start();
    }

    /**
     * Stops consuming: waits for the batches in flight, commits what JetStream acknowledged,
     * leaves the group. {@link #start()} consumes again, from the stream's position.
     */
    public void stop() {
        container.stop();
    }

    /** Stops and removes this source's meters. */
    public void close() {
        stop();
        meters.remove();
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
