package io.sluice.sink.pipeline;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlKeys;
import io.sluice.nats.PipelineStreams;
import io.sluice.sink.progress.KvProgressStore;
import io.sluice.sink.share.KvSinkReplicas;
import io.sluice.sink.share.SinkShare;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.LaneThreads;
import io.sluice.worker.purge.JetStreamInputPurger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SinkProperties.class)
class SinkConfiguration {

    @Bean
    SinkShare sinkShare(Connection connection, WorkerRuntimeProperties runtime, SinkProperties properties) throws Exception {
        var replicas = new KvSinkReplicas(connection, runtime.nats().names().sinkReplicasBucket(), runtime.nats().replicaCount());
        return new SinkShare(replicas, replicaId(runtime), properties.lease(), Clock.systemUTC());
    }

    @Bean
    PipelineWorkFactory sinkWorkFactory(Connection connection, JetStream jetStream, DeadLetterPublisher deadLetters,
            PipelineStreams streams, WorkerRuntimeProperties runtime, SinkProperties properties, SinkShare share,
            MeterRegistry meters) throws Exception {
        var names = runtime.nats().names();
        var progress = new KvProgressStore(connection, names.sinkProgressBucket(), runtime.nats().replicaCount());
        return new SinkWorkFactory(jetStream, connection.jetStreamManagement(), progress, deadLetters,
                new JetStreamInputPurger(connection), streams, names, replicaId(runtime), properties, share, meters,
                new LaneThreads(Component.SINK.json(), connection));
    }

    private static String replicaId(WorkerRuntimeProperties runtime) {
        return ControlKeys.replicaId(runtime.worker().replicaIdOrDefault());
    }
}
