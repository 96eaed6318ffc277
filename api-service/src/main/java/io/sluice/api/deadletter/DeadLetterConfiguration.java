package io.sluice.api.deadletter;

import java.util.Map;

import io.nats.client.Connection;
import io.sluice.api.config.ApiProperties;
import io.sluice.api.status.DeadLetterCounts;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterConfiguration.class);

    @Bean
    DeadLetterQueue deadLetterQueue(Connection connection, NatsNames names, ApiProperties properties,
            ReplayCounts replayCounts) {
        if (properties.deadLetters().anySet()) {
            log.warn("SLUICE_DEADLETTERS_MAXAGE / _MAXBYTES are set: they still apply to a dead-letter stream the "
                    + "api-service creates, but the workers set the stream to SLUICE_WORKER_STREAMMAXAGE / "
                    + "_STREAMMAXBYTES when they start the pipeline. Set those instead, alike on every service.");
        }
        // The same configuration the workers create the pipeline's streams with.
        PipelineStreams streams = new PipelineStreams(connection, names, properties.streamLimits(),
                properties.nats().replicaCount());
        return new JetStreamDeadLetterQueue(connection, names, streams, replayCounts);
    }

    @Bean
    ReplayCounts replayCounts(Connection connection, NatsNames names, ApiProperties properties) {
        return new KvReplayCounts(connection, names.deadLetterReplaysBucket(), properties.nats().replicaCount().count());
    }

    @Bean
    DeadLetterCounts deadLetterCounts(DeadLetterQueue queue) {
        return (pipelineIds) -> {
            try {
                return queue.stored(pipelineIds);
            }
            catch (RuntimeException ex) {
                // NATS unreachable: the metrics points say "unknown" rather than a wrong 0.
                return Map.of();
            }
        };
    }
}
