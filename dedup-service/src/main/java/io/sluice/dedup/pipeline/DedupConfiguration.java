package io.sluice.dedup.pipeline;

import java.time.Clock;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.sluice.dedup.batch.DedupProcessor;
import io.sluice.nats.PipelineStreams;
import io.sluice.worker.redis.RedisClients;
import io.sluice.worker.redis.RedisServerWatch;
import io.sluice.dedup.state.RedisStateProbe;
import io.sluice.dedup.store.RedisDedupStore;
import io.sluice.dedup.store.ReplicaAcks;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.WorkerRuntimeProperties;
import io.sluice.worker.control.PipelineWorkFactory;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.lane.KvLaneStore;
import io.sluice.worker.purge.JetStreamInputPurger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DedupProperties.class)
class DedupConfiguration {

    @Bean(destroyMethod = "close")
    RedisDedupStore dedupStore(DedupProperties properties) {
        RedisDedupStore store = properties.redisCluster()
                ? RedisDedupStore.connectCluster(RedisClients.seeds(properties.redisUri()), properties.keyPrefix(),
                        properties.redisTimeout())
                : RedisDedupStore.connect(RedisURI.create(properties.redisUri()), properties.keyPrefix(), properties.redisTimeout());
        return store.withReplicaAcks(new ReplicaAcks(properties.waitReplicas(), properties.waitTimeout()))
            .withClaimLayout(properties.claimLayout());
    }

    @Bean(destroyMethod = "close")
    RedisStateProbe redisStateProbe(DedupProperties properties) {
        return properties.redisCluster()
                ? RedisStateProbe.connectCluster(RedisClients.seeds(properties.redisUri()), properties.keyPrefix(),
                        properties.redisTimeout())
                : RedisStateProbe.connect(RedisURI.create(properties.redisUri()), properties.keyPrefix(), properties.redisTimeout());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RedisServerWatch redisServerWatch(RedisStateProbe probe, DedupProperties properties) {
        // With WAIT, a claim answered is on a replica: a failover to it loses none.
        return new RedisServerWatch(probe, properties.stateCheckInterval(), Clock.systemUTC(), "dedup state",
                properties.waitReplicas() > 0);
    }

    @Bean
    PipelineWorkFactory dedupWorkFactory(Connection connection, JetStream jetStream, RedisDedupStore store,
            DeadLetterPublisher deadLetters, PipelineStreams streams, WorkerRuntimeProperties runtime,
            DedupProperties properties, MeterRegistry meters, RedisStateProbe probe, RedisServerWatch watch) throws Exception {
        var names = runtime.nats().names();
        return new DedupWorkFactory(connection, jetStream, new DedupProcessor(store), deadLetters, streams,
                new KvLaneStore(connection, laneBuckets(names), runtime.nats().replicaCount()),
                new JetStreamInputPurger(connection), names, ControlKeys.replicaId(runtime.worker().replicaIdOrDefault()),
                properties, meters, probe, watch);
    }

    /**
     * Where the dedup lanes and replica heartbeats are kept. Never renamed: every installation's
     * lanes are recorded there, and elsewhere each lane would start over.
     */
    static KvLaneStore.Buckets laneBuckets(NatsNames names) {
        return new KvLaneStore.Buckets(names.dedupLanesBucket(),
                "Sluice dedup lanes: per source partition, the input processed and the replica serving it",
                names.dedupReplicasBucket(), "Sluice dedup replicas: heartbeats of the replicas running each pipeline");
    }
}
