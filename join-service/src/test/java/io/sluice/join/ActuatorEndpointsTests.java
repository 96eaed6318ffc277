package io.sluice.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testsupport.ActuatorClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorEndpointsTests {

    @LocalServerPort
    int port;

    @Test
    void reportsHealthUpAndExposesPrometheusMetricsTaggedWithTheService() {
        ActuatorClient actuator = ActuatorClient.onLocalPort(port);

        assertThat(actuator.healthStatus()).isEqualTo("UP");
        assertThat(actuator.prometheus()).contains("jvm_memory_used_bytes", "application=\"join-service\"");
    }
}
