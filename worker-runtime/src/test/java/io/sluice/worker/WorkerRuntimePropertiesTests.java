package io.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sluice.model.nats.NatsReplicas;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class WorkerRuntimePropertiesTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void streamsAndBucketsHaveOneReplicaUnlessConfigured() {
        context.run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).nats().replicaCount())
                .isEqualTo(NatsReplicas.ONE));
    }

    @Test
    void theReplicaCountIsReadFromTheEnvironmentVariableSluiceNatsReplicas() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("SLUICE_NATS_REPLICAS", "3"))))
                .run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).nats().replicaCount().count()).isEqualTo(3));
    }

    @Test
    void refusesMoreReplicasThanJetStreamAllows() {
        context.withPropertyValues("sluice.nats.replicas=6").run(run -> assertThat(run).hasFailed()
                .getFailure().rootCause().hasMessageContaining("nats.replicas"));
    }

    @Test
    void refusesZeroReplicas() {
        context.withPropertyValues("sluice.nats.replicas=0").run(run -> assertThat(run).hasFailed()
                .getFailure().rootCause().hasMessageContaining("nats.replicas"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerRuntimeProperties.class)
    static class Settings {
    }
}
