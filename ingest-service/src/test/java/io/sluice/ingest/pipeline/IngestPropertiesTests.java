package io.sluice.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.sluice.ingest.kafka.SourceSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class IngestPropertiesTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void defaultsToBatchesOf2500RecordsOr900KiBWithA100MillisecondLinger() {
        context.run(run -> {
            SourceSettings settings = run.getBean(IngestProperties.class).sourceSettings();
            assertThat(settings.maxBatchRecords()).isEqualTo(2500);
            assertThat(settings.maxBatchBytes()).isEqualTo(900 * 1024);
            assertThat(settings.linger()).isEqualTo(Duration.ofMillis(100));
            assertThat(settings.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(run.getBean(IngestProperties.class).publish().maxInFlight()).isEqualTo(64);
            assertThat(settings.consumerOverrides()).isEmpty();
        });
    }

    @Test
    void bindsEverySettingAndExtraConsumerProperties() {
        context.withPropertyValues("sluice.ingest.batch.max-records=200", "sluice.ingest.batch.max-bytes=256KB",
                "sluice.ingest.batch.linger=5ms", "sluice.ingest.publish.max-in-flight=8",
                "sluice.ingest.kafka.consumer.fetch.max.bytes=1048576").run(run -> {
                    SourceSettings settings = run.getBean(IngestProperties.class).sourceSettings();
                    assertThat(settings.maxBatchRecords()).isEqualTo(200);
                    assertThat(settings.maxBatchBytes()).isEqualTo(256 * 1024);
                    assertThat(settings.linger()).isEqualTo(Duration.ofMillis(5));
                    assertThat(settings.consumerOverrides()).containsEntry("fetch.max.bytes", "1048576");
                });
    }

    @Test
    void refusesABatchSizeThatCannotFitInANatsMessage() {
        context.withPropertyValues("sluice.ingest.batch.max-bytes=2MB").run(run -> assertThat(run).hasFailed()
                .getFailure().rootCause().hasMessageContaining("must be between 1KB and 960KB"));
    }

    @Test
    void refusesAZeroRecordBatch() {
        context.withPropertyValues("sluice.ingest.batch.max-records=0").run(run -> assertThat(run).hasFailed()
                .getFailure().rootCause().hasMessageContaining("batch.maxRecords"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class Settings {
    }
}
