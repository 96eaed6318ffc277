package io.sluice.sink.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.model.control.ControlKeys;
import io.sluice.nats.PipelineStreams;
import io.sluice.sink.progress.KvProgressStore;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.purge.JetStreamInputPurger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SinkProperties.class)
class SinkConfiguration {

    @Bean
    PipelineWorkFactory sinkWorkFactory(Connection connection, JetStream jetStream, DeadLetterPublisher deadLetters,
            PipelineStreams streams, WorkerRuntimeProperties runtime, SinkProperties properties, MeterRegistry meters)
            throws Exception {
        var names = runtime.nats().names();
        var progress = new KvProgressStore(connection, names.sinkProgressBucket(), runtime.nats().replicaCount());
        return new SinkWorkFactory(jetStream, connection.jetStreamManagement(), progress, deadLetters,
                new JetStreamInputPurger(connection), streams, names, ControlKeys.replicaId(runtime.worker().replicaIdOrDefault()), properties, meters);
    }
}
