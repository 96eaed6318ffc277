package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.model.definition.InvalidDefinitionException;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.validation.PipelineValidator;
import io.sluice.testsupport.ActuatorClient;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingDistributor.Configuration.class)
class PipelineFuzzIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineFuzzIntegrationTests.class);

    static final int CASES = 1_000;

    static final long SEED = 20_241_125L;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Test
    void everyInvalidDefinitionIsAClientErrorWithAProblemAndTheServiceStaysUp() {
        ApiTestClient api = ApiTestClient.onLocalPort(this.port);
        DefinitionFuzzer fuzzer = new DefinitionFuzzer(SEED, Definitions.example());
        List<String> failures = new ArrayList<>();
        int sent = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        api.post("/api/v1/pipelines", Definitions.example());

        for (int attempt = 0; sent < CASES; attempt++) {
            assertThat(attempt).as("the fuzzer makes mostly invalid definitions").isLessThan(CASES * 3);
            String body = fuzzer.next();
            if (isValid(body)) {
                continue;
            }
            sent++;
            // Alternate creating and editing, so both ways in meet the same inputs.
            HttpResponse<String> response = (sent % 2 == 0) ? api.post("/api/v1/pipelines", body)
                    : api.put("/api/v1/pipelines/orders-dedup", body, "*");
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String failure = failure(response);
            if (failure != null) {
                failures.add(failure + " for input #" + attempt + ": " + abbreviate(body));
            }
        }

        assertThat(failures).as("answers that are not a 4xx problem").isEmpty();
        // The inputs reach every kind of refusal: unreadable JSON, broken rules, oversized bodies.
        assertThat(statuses).as("answers by status").containsKeys(400, 413, 422);
        assertThat(ActuatorClient.onLocalPort(this.port).healthStatus()).isEqualTo("UP");
        assertThat(api.get("/api/v1/pipelines/orders-dedup").statusCode()).isEqualTo(200);
    }

    /** Why the answer is not a client error with a problem body, or null if it is one. */
    private static String failure(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400 || status > 499) {
            return "status " + status + " (" + abbreviate(response.body()) + ")";
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "status " + status + " with Content-Type " + type;
        }
        JsonNode problem = Definitions.parse(response.body());
        if (problem.get("status") == null || problem.get("status").asInt() != status) {
            return "status " + status + " with a problem body saying otherwise: " + abbreviate(response.body());
        }
        return null;
    }

    // The model's own verdict: the rare mutation that leaves a valid definition is not sent.
    private static boolean isValid(String body) {
        try {
            return PipelineValidator.validate(PipelineJson.read(body)).isEmpty();
        }
        catch (InvalidDefinitionException ex) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return (text.length() <= 300) ? text : text.substring(0, 300) + "… (" + text.length() + " chars)";
    }

}
