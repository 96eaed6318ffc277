package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.api.distribution.InMemoryPipelines;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failed logins and failed bearer tokens slow down the client address they come from, and no one
 * else: an attacker cannot keep the admin locked out from another address. The clients are told
 * apart by X-Forwarded-For, which the api-service believes from a proxy on loopback.
 */
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryPipelines.class)
class ClientThrottlingIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ClientThrottlingIntegrationTests.class);

    static final String ADMIN_PASSWORD = "test-admin-password";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Test
    void failedLoginsFromOneAddressDoNotLockTheAdminOutFromAnother() {
        ApiTestClient attacker = anonymous().from("203.0.113.7");
        String guess = "{\"username\": \"admin\", \"password\": \"guess\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.post("/api/v1/sessions", guess).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> attackerAgain = attacker.post("/api/v1/sessions",
                "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
        HttpResponse<String> admin = anonymous().from("198.51.100.8").post("/api/v1/sessions",
                "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}");

        assertThat(attackerAgain.statusCode()).isEqualTo(429);
        assertThat(attackerAgain.headers().firstValue("Retry-After")).isPresent();
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
    }

    @Test
    void madeUpUsernamesFromOneAddressCountTowardsItsLockout() {
        ApiTestClient attacker = anonymous().from("203.0.113.9");
        for (int i = 0; i < 5; i++) {
            attacker.post("/api/v1/sessions", "{\"username\": \"user-" + i + "\", \"password\": \"guess\"}");
        }

        HttpResponse<String> locked = attacker.post("/api/v1/sessions", "{\"username\": \"admin\", \"password\": \"guess\"}");

        assertThat(locked.statusCode()).isEqualTo(429);
    }

    @Test
    void failedBearerTokensFromOneAddressAreThrottledThereOnly() {
        ApiTestClient guesser = ApiTestClient.onLocalPort(this.port).withToken("slc_not-a-token-at-all").from("203.0.113.20");
        for (int i = 0; i < LoginThrottle.BEARER_FAILURES; i++) {
            assertThat(guesser.get("/api/v1/pipelines").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = ApiTestClient.onLocalPort(this.port).from("203.0.113.20").get("/api/v1/pipelines");
        HttpResponse<String> elsewhere = ApiTestClient.onLocalPort(this.port).from("203.0.113.21").get("/api/v1/pipelines");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("\"status\":429").doesNotContain(ApiTestProperties.BOOTSTRAP_TOKEN);
        assertThat(elsewhere.statusCode()).isEqualTo(200);
    }

    private ApiTestClient anonymous() {
        return ApiTestClient.onLocalPort(this.port).withToken(null);
    }

}
