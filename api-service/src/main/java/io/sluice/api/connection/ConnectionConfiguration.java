package io.sluice.api.connection;

import io.sluice.api.config.ApiProperties;
import io.sluice.api.pipeline.TargetTableCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

    @Bean
    KafkaInspector kafkaInspector(ApiProperties properties) {
        return new AdminKafkaInspector(properties.connections().timeout());
    }

    @Bean
    ClickHouseInspector clickHouseInspector(ApiProperties properties, JsonMapper json) {
        return new ReplicaFallbackInspector(new HttpClickHouseInspector(properties.connections().timeout(), json));
    }

    @Bean
    TargetTableCheck targetTableCheck(ClickHouseInspector inspector) {
        return new ClickHouseTargetTableCheck(inspector);
    }

}
