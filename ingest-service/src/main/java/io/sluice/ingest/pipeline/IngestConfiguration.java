package io.sluice.ingest.pipeline;

import java.io.IOException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.sluice.ingest.kafka.KafkaSourceRests;
import io.sluice.ingest.kafka.SourceRests;
import io.sluice.ingest.publish.BatchPublisher;
import io.sluice.ingest.publish.JetStreamBatchPublisher;
import io.sluice.ingest.publish.JetStreamResumePositions;
import io.sluice.ingest.publish.KvStartPositions;
import io.sluice.ingest.publish.ResumePositions;
import io.sluice.ingest.publish.StartPositions;
import io.sluice.ingest.replay.KvReplayLedger;
import io.sluice.ingest.replay.ReplayLedger;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.consume.SharedPulls;
import io.sluice.worker.control.PipelineWorkFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plugs the ingest stage into the worker runtime, which hosts it per pipeline. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

    @Bean
    BatchPublisher batchPublisher(Connection connection, WorkerRuntimeProperties runtime, IngestProperties properties)
            throws IOException {
        return new JetStreamBatchPublisher(connection, runtime.nats().names(), properties.publish().maxInFlight(),
                properties.publish().ackTimeout());
    }

    @Bean
    ResumePositions resumePositions(Connection connection) {
        return new JetStreamResumePositions(connection);
    }

    @Bean
    StartPositions startPositions(Connection connection, WorkerRuntimeProperties runtime) {
        return new KvStartPositions(connection, runtime.nats().names(), runtime.nats().replicaCount());
    }

    /** Kept as long as the pipelines' streams keep messages, dead letters included. */
    @Bean
    ReplayLedger replayLedger(Connection connection, WorkerRuntimeProperties runtime, IngestProperties properties) {
        return new KvReplayLedger(connection, runtime.nats().names(), runtime.worker().streamMaxAge(),
                properties.replay().ledgerMaxBytes().toBytes(), runtime.nats().replicaCount());
    }

    /** The threads and doorbells every pipeline's replay consumer shares. */
    @Bean(destroyMethod = "close")
    SharedPulls sharedPulls(Connection connection) {
        return new SharedPulls(connection);
    }

    /** The watcher of quiet sources whose consumers rest; none when they never rest. */
    @Bean(destroyMethod = "close")
    SourceRests sourceRests(IngestProperties properties, MeterRegistry registry) {
        IngestProperties.Kafka kafka = properties.kafka();
        if (kafka.restAfter().isZero()) {
            return SourceRests.NEVER;
        }
        KafkaSourceRests rests = new KafkaSourceRests(kafka.restAfter(), kafka.restCheck(), kafka.maxPollRecords());
        Gauge.builder("sluice.ingest.sources.resting", rests, KafkaSourceRests::resting)
                .description("Sources whose Kafka consumer rests: closed while they have nothing to read")
                .register(registry);
        return rests;
    }

    @Bean
    PipelineWorkFactory ingestWorkFactory(Connection connection, PipelineStreams streams,
            WorkerRuntimeProperties runtime, IngestProperties properties, BatchPublisher publisher,
            ResumePositions positions, StartPositions starts, MeterRegistry registry, ReplayLedger ledger,
            SharedPulls pulls, SourceRests rests) {
        return new IngestWorkFactory(connection, streams, runtime.nats().names(), properties, publisher, positions,
                starts, registry, ledger, pulls, rests);
    }
}
