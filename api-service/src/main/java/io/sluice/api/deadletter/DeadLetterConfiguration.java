package io.sluice.api.deadletter;

import io.nats.client.Connection;
import io.sluice.api.config.ApiProperties;
import io.sluice.api.status.DeadLetterCounts;
import io.sluice.model.nats.NatsNames;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetterQueue deadLetterQueue(Connection connection, NatsNames names, ApiProperties properties) {
        return new JetStreamDeadLetterQueue(connection, names, properties.deadLetters().maxAge(),
                properties.deadLetters().maxBytes().toBytes(), properties.nats().replicaCount());
    }

    @Bean
    DeadLetterCounts deadLetterCounts(DeadLetterQueue queue) {
        return (pipelineId) -> {
            try {
                return queue.stored(pipelineId);
            }
            catch (RuntimeException ex) {
                // NATS unreachable: the metrics point says "unknown" rather than a wrong 0.
                return null;
            }
        };
    }
}
