package io.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.NatsProperties;
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
                .isEqualTo(new StreamLimits(Duration.ofDays(7), StreamLimits.NO_BYTE_LIMIT, Duration.ofMinutes(10), 10_000, 100_000)));
    }

    @Test
    void streamLimitsAreReadFromTheSluiceWorkerEnvironmentVariables() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("SLUICE_WORKER_STREAMMAXAGE", "3d",
                        "SLUICE_WORKER_STREAMMAXBYTES", "1048576", "SLUICE_WORKER_DUPLICATEWINDOW", "30s",
                        "SLUICE_WORKER_STREAMMAXBATCHES", "500", "SLUICE_WORKER_STREAMMAXDEADLETTERS", "700"))))
                .run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).worker().streamLimits())
                        .isEqualTo(new StreamLimits(Duration.ofDays(3), 1048576, Duration.ofSeconds(30), 500, 700)));
    }

    @Test
    void oneNatsUrlIsStillOneServer() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("SLUICE_NATS_URL", "nats://nats:4222"))))
                .run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).nats().servers())
                        .containsExactly("nats://nats:4222"));
    }

    @Test
    void natsServersCredentialsAndTlsAreReadFromTheSluiceNatsEnvironmentVariables() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
                        "SLUICE_NATS_URL", "nats://a:4222,nats://b:4222", "SLUICE_NATS_USER", "sluice",
                        "SLUICE_NATS_PASSWORD", "secret", "SLUICE_NATS_TLS_CAFILE", "/etc/nats/ca.pem"))))
                .run(run -> {
                    NatsProperties nats = run.getBean(WorkerRuntimeProperties.class).nats();
                    assertThat(nats.servers()).containsExactly("nats://a:4222", "nats://b:4222");
                    assertThat(nats.user()).isEqualTo("sluice");
                    assertThat(nats.password()).isEqualTo("secret");
                    assertThat(nats.tls().caFile()).isEqualTo("/etc/nats/ca.pem");
                    assertThat(nats.tls().required()).isTrue();
                });
    }

    @Test
    void natsWithoutSettingsIsTheLocalServerWithoutCredentialsOrTls() {
        context.run(run -> assertThat(run.getBean(WorkerRuntimeProperties.class).nats())
                .isEqualTo(NatsProperties.of("nats://127.0.0.1:4222", "", 1)));
    }

    @Test
    void refusesTwoWaysToAuthenticateToNats() {
        context.withPropertyValues("sluice.nats.token=t", "sluice.nats.credentials=/etc/nats/sluice.creds")
                .run(run -> assertThat(run).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("sluice.nats.token and sluice.nats.credentials"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerRuntimeProperties.class)
    static class Settings {
    }
}
