package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testsupport.ActuatorClient;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorEndpointsIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ActuatorEndpointsIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Test
    void healthAndMetricsAreOpenWithoutAToken() {
        ActuatorClient actuator = ActuatorClient.onLocalPort(port);

        assertThat(actuator.healthStatus()).isEqualTo("UP");
        assertThat(actuator.prometheus()).contains("jvm_memory_used_bytes", "application=\"api-service\"");
    }

    @Test
    void apiRefusesCallsWithoutAValidToken() {
        ApiTestClient anonymous = ApiTestClient.onLocalPort(port).withToken(null);
        ApiTestClient wrongToken = ApiTestClient.onLocalPort(port).withToken("not-a-token");

        assertThat(anonymous.get("/api/v1/pipelines").statusCode()).isEqualTo(401);
        assertThat(wrongToken.get("/api/v1/pipelines").statusCode()).isEqualTo(401);
        assertThat(wrongToken.get("/api/v1/pipelines").body()).contains("\"status\":401").doesNotContain("Exception");
    }
}
