package io.sluice.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.sluice.nats.StreamLimits;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The limits of a dead-letter stream the api-service creates: the workers' settings and defaults
 * ({@code SLUICE_WORKER_STREAMMAXAGE}, …), with the older {@code SLUICE_DEADLETTERS_*} still honoured.
 */
class ApiPropertiesStreamLimitsTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class)
            // The rest of the settings, which are not under test.
            .withPropertyValues("sluice.nats.url=nats://127.0.0.1:4222", "sluice.security.admin-username=admin");

    @Test
    void defaultsToTheWorkersDefaultLimits() {
        // worker-runtime's WorkerRuntimePropertiesTests pins the workers' defaults to the same values.
        context.run(run -> assertThat(run.getBean(ApiProperties.class).streamLimits())
                .isEqualTo(new StreamLimits(Duration.ofDays(7), StreamLimits.NO_BYTE_LIMIT, Duration.ofMinutes(10), 10_000, 100_000)));
    }

    @Test
    void readsTheWorkersStreamEnvironmentVariables() {
        withEnvironment(Map.of("SLUICE_WORKER_STREAMMAXAGE", "3d", "SLUICE_WORKER_STREAMMAXBYTES", "1048576",
                "SLUICE_WORKER_DUPLICATEWINDOW", "30s", "SLUICE_WORKER_STREAMMAXBATCHES", "500",
                "SLUICE_WORKER_STREAMMAXDEADLETTERS", "700"))
                .run(run -> assertThat(run.getBean(ApiProperties.class).streamLimits())
                        .isEqualTo(new StreamLimits(Duration.ofDays(3), 1048576, Duration.ofSeconds(30), 500, 700)));
    }

    @Test
    void theOlderDeadLetterSettingsStillApplyWhereTheyAreSet() {
        withEnvironment(Map.of("SLUICE_DEADLETTERS_MAXAGE", "2d", "SLUICE_DEADLETTERS_MAXBYTES", "512MB",
                "SLUICE_WORKER_STREAMMAXAGE", "3d", "SLUICE_WORKER_DUPLICATEWINDOW", "30s"))
                .run(run -> assertThat(run.getBean(ApiProperties.class).streamLimits())
                        .isEqualTo(new StreamLimits(Duration.ofDays(2), 512L * 1024 * 1024, Duration.ofSeconds(30))));
    }

    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", variables)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiProperties.class)
    static class Properties {
    }
}
