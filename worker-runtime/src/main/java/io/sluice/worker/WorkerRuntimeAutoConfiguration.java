package io.sluice.worker;

import java.io.IOException;
import java.time.Clock;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.model.control.ControlKeys;
import io.sluice.nats.NatsConnections;
import io.sluice.nats.NatsHealthIndicator;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.control.ControlWatcher;
import io.sluice.worker.control.PipelineHost;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.status.StatusReporter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the runtime into a worker service: the service declares a {@link PipelineWorkFactory}
 * bean and gets the NATS connection, the definitions watch, the host and status reports.
 */
@AutoConfiguration
@EnableConfigurationProperties(WorkerRuntimeProperties.class)
public class WorkerRuntimeAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connection natsConnection(WorkerRuntimeProperties properties) throws IOException, InterruptedException {
        // Reconnects for ever, across the servers listed; a start without NATS waits until it answers.
        return NatsConnections.connect(properties.nats(), "sluice-" + properties.worker().replicaIdOrDefault(), null);
    }

    @Bean
    NatsHealthIndicator natsHealthIndicator(Connection connection) {
        return new NatsHealthIndicator(connection);
    }

    @Bean
    PipelineStreams pipelineStreams(Connection connection, WorkerRuntimeProperties properties) {
        return new PipelineStreams(connection, properties.nats().names(), properties.worker().streamLimits(),
                properties.nats().replicaCount());
    }

    @Bean
    JetStream jetStream(Connection connection) throws IOException {
        return connection.jetStream();
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(JetStream jetStream, WorkerRuntimeProperties properties) {
        return new DeadLetterPublisher(jetStream, properties.nats().names());
    }

    @Bean
    @ConditionalOnBean(PipelineWorkFactory.class)
    PipelineHost pipelineHost(PipelineWorkFactory factory) {
        return new PipelineHost(factory);
    }

    @Bean
    @ConditionalOnBean(PipelineWorkFactory.class)
    ControlWatcher controlWatcher(Connection connection, WorkerRuntimeProperties properties, PipelineHost host) {
        return new ControlWatcher(connection, properties.nats().names().definitionsBucket(), host);
    }

    @Bean
    @ConditionalOnBean(PipelineWorkFactory.class)
    StatusReporter statusReporter(Connection connection, WorkerRuntimeProperties properties, PipelineWorkFactory factory,
            PipelineHost host) {
        return new StatusReporter(connection, properties.nats().names().statusBucket(), factory.component(),
                ControlKeys.replicaId(properties.worker().replicaIdOrDefault()),
                properties.worker().heartbeatInterval(), host, Clock.systemUTC());
    }
}
