package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ RecordingDistributor.Configuration.class, PipelineBadInputIntegrationTests.FailingController.class })
@ExtendWith(OutputCaptureExtension.class)
class PipelineBadInputIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineBadInputIntegrationTests.class);

    static final int MIB = 1024 * 1024;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    ApiTestClient api;

    @BeforeEach
    void client() {
        this.api = ApiTestClient.onLocalPort(this.port);
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        HttpResponse<String> response = this.api.post("/api/v1/pipelines", "{\"id\": \"x\", \"name\": ");

        JsonNode problem = problem(response, 400);
        assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("$");
        assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("malformed JSON at line 1");
    }

    @Test
    void wrongTypesAre400AtEachPath() {
        ObjectNode tree = Definitions.exampleTree();
        tree.put("name", 42);
        ((ObjectNode) tree.get("sink")).put("maxBatchSize", "lots");
        ((ObjectNode) tree.get("sources").get(0).get("connection")).put("brokers", "localhost:9092");

        JsonNode problem = problem(this.api.post("/api/v1/pipelines", tree.toString()), 400);

        assertThat(PipelineApiIntegrationTests.paths(problem)).containsExactlyInAnyOrder("$.name", "$.sink.maxBatchSize",
                "$.sources[0].connection.brokers");
    }

    @Test
    void unknownPropertiesAre400() {
        ObjectNode tree = Definitions.exampleTree().put("colour", "blue");
        ((ObjectNode) tree.get("sink")).put("tabel", "orders");

        JsonNode problem = problem(this.api.post("/api/v1/pipelines", tree.toString()), 400);

        assertThat(PipelineApiIntegrationTests.paths(problem)).containsExactlyInAnyOrder("$.colour", "$.sink.tabel");
    }

    @Test
    void missingBodyIs400() {
        problem(this.api.post("/api/v1/pipelines", ""), 400);
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String body = padded(Definitions.withId("too-large"), MIB + 1);

        HttpResponse<String> response = this.api.post("/api/v1/pipelines", body);

        assertThat(problem(response, 413).get("detail").asString()).contains("1048576 bytes");
        assertThat(this.api.get("/api/v1/pipelines/too-large").statusCode()).isEqualTo(404);
    }

    @Test
    void chunkedBodyOverOneMebibyteIs413() {
        byte[] body = padded(Definitions.withId("too-large-chunked"), MIB + 1).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = this.api.send(this.api.request("/api/v1/pipelines")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        problem(response, 413);
        assertThat(this.api.get("/api/v1/pipelines/too-large-chunked").statusCode()).isEqualTo(404);
    }

    @Test
    void bodiesOfExactlyOneMebibyteAreAccepted() {
        byte[] chunked = padded(Definitions.withId("one-mib-chunked"), MIB).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = this.api.post("/api/v1/pipelines", padded(Definitions.withId("one-mib"), MIB));
        HttpResponse<String> streamed = this.api.send(this.api.request("/api/v1/pipelines")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))));

        assertThat(declared.statusCode()).isEqualTo(201);
        assertThat(streamed.statusCode()).isEqualTo(201);
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        HttpResponse<String> response = this.api.send(this.api.request("/api/v1/pipelines")
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(Definitions.withId("text"))));

        problem(response, 415);
    }

    @Test
    void wrongMethodIs405() {
        HttpResponse<String> patch = this.api.send(this.api.request("/api/v1/pipelines/x")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> deleteAll = this.api.delete("/api/v1/pipelines");

        problem(patch, 405);
        problem(deleteAll, 405);
        assertThat(deleteAll.headers().firstValue("Allow")).isPresent();
    }

    @Test
    void unknownPipelineIs404Everywhere() {
        problem(this.api.get("/api/v1/pipelines/nobody"), 404);
        problem(this.api.put("/api/v1/pipelines/nobody", Definitions.withId("nobody"), "\"0\""), 404);
        problem(this.api.delete("/api/v1/pipelines/nobody"), 404);
        problem(this.api.get("/api/v1/pipelines/nobody/events"), 404);
        problem(this.api.get("/api/v1/pipelines/nobody/export"), 404);
        problem(this.api.post("/api/v1/pipelines/nobody/stop", ""), 404);
        assertThat(problem(this.api.get("/api/v1/pipelines/nobody"), 404).get("detail").asString())
            .isEqualTo("There is no pipeline with id \"nobody\".");
    }

    @Test
    void unknownPathIs404() {
        assertThat(problem(this.api.get("/api/v1/nothing-here"), 404).get("detail").asString())
            .isEqualTo("There is no endpoint GET /api/v1/nothing-here.");
    }

    @Test
    void wrongQueryParameterTypeIs400() {
        problem(this.api.get("/api/v1/pipelines?page=first"), 400);
    }

    @Test
    void unexpectedFailureIs500WithoutDetailsWhileTheLogHasThem(CapturedOutput output) {
        HttpResponse<String> response = this.api.get("/api/v1/test/failure");

        JsonNode problem = problem(response, 500);
        assertThat(problem.get("detail").asString())
            .isEqualTo("The server could not handle this request. The cause is in the server log.");
        assertThat(response.body()).doesNotContain("Exception", "internal detail", "FailingController");
        assertThat(output.getAll()).contains("Unexpected failure handling GET /api/v1/test/failure",
                "java.lang.IllegalStateException: internal detail", "at io.sluice.api.pipeline");
    }

    /** The JSON text with spaces inserted before its closing brace, to exactly this many bytes. */
    static String padded(String json, int bytes) {
        int end = json.lastIndexOf('}');
        return json.substring(0, end) + " ".repeat(bytes - json.getBytes(StandardCharsets.UTF_8).length) + "}";
    }

    /** Asserts an RFC 9457 problem of this status, without an exception's name, and returns it. */
    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception");
        JsonNode problem = Definitions.parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        return problem;
    }

    // Stands for a bug anywhere behind a controller.
    @RestController
    static class FailingController {

        @GetMapping("/api/v1/test/failure")
        String fail() {
            throw new IllegalStateException("internal detail");
        }

    }

}
