package io.sluice.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.Base64;

import io.sluice.api.config.ApiProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

class SecretsConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withUserConfiguration(Properties.class, SecretsConfiguration.class)
        // The rest of the settings, which are not under test.
        .withPropertyValues("sluice.nats.url=nats://127.0.0.1:4222", "sluice.security.admin-username=admin");

    @Test
    void startsWithA256BitKey() {
        this.context.withPropertyValues("sluice.security.encryption-key=" + SecretCipherTests.KEY)
            .run((started) -> assertThat(started).hasSingleBean(SecretCipher.class));
    }

    @Test
    void refusesToStartWithoutAKey() {
        this.context.run((failed) -> assertThat(failed).getFailure()
            .rootCause()
            .isInstanceOf(InvalidEncryptionKeyException.class)
            .hasMessageContaining("SLUICE_ENCRYPTION_KEY")
            .hasMessageContaining("is not set"));
    }

    @Test
    void refusesToStartWithAKeyThatIsNotBase64() {
        this.context.withPropertyValues("sluice.security.encryption-key=not base64!")
            .run((failed) -> assertThat(failed).getFailure().rootCause().hasMessageContaining("is not valid base64"));
    }

    @Test
    void refusesToStartWithAKeyOfTheWrongLength() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        this.context.withPropertyValues("sluice.security.encryption-key=" + sixteenBytes)
            .run((failed) -> assertThat(failed).getFailure()
                .rootCause()
                .hasMessageContaining("must be 32 bytes (AES-256) once base64-decoded, but it is 16 bytes"));
    }

    @Test
    void devProfileStartsWithoutAKey() {
        this.context.withPropertyValues("spring.profiles.active=dev")
            .run((started) -> assertThat(started).hasSingleBean(SecretCipher.class));
    }

    @Test
    void devProfileStillRefusesAMalformedKey() {
        this.context.withPropertyValues("spring.profiles.active=dev", "sluice.security.encryption-key=short")
            .run((failed) -> assertThat(failed).hasFailed());
    }

    @Test
    void startupFailureReportSaysHowToMakeAKey() {
        FailureAnalysis analysis = new EncryptionKeyFailureAnalyzer()
            .analyze(new IllegalStateException(new InvalidEncryptionKeyException("key is not set")));

        assertThat(analysis.getDescription()).isEqualTo("key is not set");
        assertThat(analysis.getAction()).contains("openssl rand -base64 32");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void applicationWithoutAKeyStopsWithAReportSayingWhatToSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Properties.class, SecretsConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--sluice.nats.url=nats://127.0.0.1:4222",
                "--sluice.security.admin-username=admin", "--sluice.security.encryption-key="));

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START",
                "sluice.security.encryption-key (SLUICE_ENCRYPTION_KEY) is not set", "openssl rand -base64 32");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiProperties.class)
    static class Properties {
    }

}
