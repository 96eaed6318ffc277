package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without an admin password (outside the dev profile) UI login is off, and says how to turn it on. */
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiLoginDisabledIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(UiLoginDisabledIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
        registry.add("sluice.security.admin-password", () -> "");
    }

    @LocalServerPort
    int port;

    @Test
    void loginIsUnavailableWithAClearReasonWhileApiTokensStillWork() {
        HttpResponse<String> login = ApiTestClient.onLocalPort(port).withToken(null).post("/api/v1/sessions",
                "{\"username\": \"admin\", \"password\": \"\"}");

        assertThat(login.statusCode()).isEqualTo(503);
        assertThat(login.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(login.body()).contains("SLUICE_ADMIN_PASSWORD");
        assertThat(ApiTestClient.onLocalPort(port).get("/api/v1/tokens").statusCode()).isEqualTo(200);
    }
}
