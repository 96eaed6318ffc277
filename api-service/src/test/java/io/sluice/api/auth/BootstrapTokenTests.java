package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.sluice.api.config.ApiProperties;
import io.sluice.nats.NatsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class BootstrapTokenTests {

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aShortBootstrapTokenStopsTheServiceWithAReportSayingWhatToSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Properties.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatException().isThrownBy(() -> application.run("--sluice.nats.url=nats://127.0.0.1:4222",
                "--sluice.security.bootstrap-token=short-but-secret"));

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "SLUICE_BOOTSTRAP_TOKEN",
                "at least 24 characters").doesNotContain("short-but-secret");
    }

    @Test
    void aLongEnoughTokenAuthenticatesAsAdminAndNoTokenDisablesIt() {
        String token = "slc_0123456789abcdefghijklmnop";
        BootstrapToken bootstrap = new BootstrapToken(properties(token));

        assertThat(bootstrap.authenticate(token)).hasValueSatisfying((caller) -> assertThat(caller.admin()).isTrue());
        assertThat(bootstrap.authenticate(token + "x")).isEmpty();
        assertThat(new BootstrapToken(properties(null)).authenticate("")).isEmpty();
    }

    private static ApiProperties properties(String token) {
        return new ApiProperties(NatsProperties.of("nats://127.0.0.1:4222", "", 1),
                new ApiProperties.Security(null, token, "admin", null), null, null, null, null, null, null);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiProperties.class)
    @Import(BootstrapToken.class)
    static class Properties {
    }

}
