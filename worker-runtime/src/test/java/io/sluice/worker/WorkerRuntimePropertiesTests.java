package io.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.StreamLimits;
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

    @Test
    void streamLimitsDefaultToWhatTheApiServiceCreatesADeadLetterStreamWith() {
        // The api-service defaults to the same StreamLimits constants (ApiPropertiesStreamLimitsTests).
        context.run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).worker().streamLimits())
                .isEqualTo(new StreamLimits(Duration.ofDays(7), 1024L * 1024 * 1024, Duration.ofMinutes(10))));
    }

    @Test
    void streamLimitsAreReadFromTheSluiceWorkerEnvironmentVariables() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("SLUICE_WORKER_STREAMMAXAGE", "3d",
                        "SLUICE_WORKER_STREAMMAXBYTES", "1048576", "SLUICE_WORKER_DUPLICATEWINDOW", "30s"))))
                .run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).worker().streamLimits())
                        .isEqualTo(new StreamLimits(Duration.ofDays(3), 1048576, Duration.ofSeconds(30))));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerRuntimeProperties.class)
    static class Settings {
    }
}
