package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testsupport.ActuatorClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

// A prefix of its own, so the replica never picks up pipelines from buckets it shares a server with.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sluice.nats.prefix=t_ingest_actuator")
class ActuatorEndpointsTests {

    @LocalServerPort
    int port;

    @Test
    void reportsHealthUpAndExposesPrometheusMetricsTaggedWithTheService() {
        ActuatorClient actuator = ActuatorClient.onLocalPort(port);

        assertThat(actuator.healthStatus()).isEqualTo("UP");
        assertThat(actuator.prometheus()).contains("jvm_memory_used_bytes", "application=\"ingest-service\"");
    }
}
