package io.sluice.join.pipeline;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.join.state.RedisServerInfo;
import io.sluice.model.control.ControlKeys;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.KvLaneStore;
import io.sluice.worker.purge.JetStreamInputPurger;
import io.sluice.worker.redis.RedisServerWatch;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JoinProperties.class)
class JoinConfiguration {

    @Bean(destroyMethod = "close")
    RedisServerInfo joinRedisServerInfo(JoinProperties properties) {
        return JoinRedis.serverInfo(properties);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RedisServerWatch joinRedisServerWatch(RedisServerInfo info, JoinProperties properties) {
        return new RedisServerWatch(info, properties.stateCheckInterval(), Clock.systemUTC(), "join state");
    }

    @Bean
    PipelineWorkFactory joinWorkFactory(Connection connection, JetStream jetStream, DeadLetterPublisher deadLetters,
            PipelineStreams streams, WorkerRuntimeProperties runtime, JoinProperties properties, MeterRegistry meters,
            RedisServerWatch watch) throws Exception {
        var names = runtime.nats().names();
        var buckets = new KvLaneStore.Buckets(names.joinLanesBucket(),
                "Sluice join lanes: per side partition, the input applied and the replica serving it",
                names.joinReplicasBucket(), "Sluice join replicas: heartbeats of the replicas running each pipeline");
        return new JoinWorkFactory(connection, jetStream, deadLetters, streams,
                new KvLaneStore(connection, buckets, runtime.nats().replicaCount()), new JetStreamInputPurger(connection),
                names, ControlKeys.replicaId(runtime.worker().replicaIdOrDefault()), properties, meters, watch);
    }
}
