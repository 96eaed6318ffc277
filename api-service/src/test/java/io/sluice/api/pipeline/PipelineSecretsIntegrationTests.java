package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

// Verbose logging of requests, responses and SQL with its parameters: a secret must not show up even there.
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.org.springframework.web=DEBUG", "logging.level.org.hibernate.SQL=DEBUG",
        "logging.level.org.hibernate.orm.jdbc.bind=TRACE", "logging.level.io.sluice=DEBUG" })
@Import(RecordingDistributor.Configuration.class)
@ExtendWith(OutputCaptureExtension.class)
class PipelineSecretsIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineSecretsIntegrationTests.class);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingDistributor distributor;

    @Autowired
    JdbcTemplate jdbc;

    ApiTestClient api;

    // Distinctive values, so that finding one anywhere can only mean a leak.
    final String kafkaPassword = "kafka-pw-" + UUID.randomUUID();

    final String caPem = "-----BEGIN CERTIFICATE-----\nCA" + UUID.randomUUID().toString().replace("-", "")
            + "\n-----END CERTIFICATE-----";

    final String caMarker = this.caPem.substring(this.caPem.indexOf("CA"), this.caPem.indexOf("CA") + 20);

    final String clickHousePassword = "ch-pw-" + UUID.randomUUID();

    @BeforeEach
    void client() {
        this.api = ApiTestClient.onLocalPort(this.port);
    }

    @Test
    void secretsAppearInNoResponseAndNoLogLine(CapturedOutput output) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        String base = "/api/v1/pipelines/secret";
        ObjectNode definition = Definitions.withSecrets("secret", this.kafkaPassword, this.caPem, this.clickHousePassword);

        responses.add(this.api.post("/api/v1/pipelines", definition.toString()));
        responses.add(this.api.post("/api/v1/pipelines", definition.toString()));
        responses.add(this.api.get(base));
        responses.add(this.api.get("/api/v1/pipelines"));
        responses.add(this.api.get("/api/v1/pipelines?status=created"));
        responses.add(this.api.put(base, definition.toString(), null));
        responses.add(this.api.put(base, definition.toString(), "\"7\""));
        responses.add(this.api.put(base, definition.put("name", "edited").toString(), "\"0\""));
        responses.add(this.api.put(base, definition.put("filter", "nonsense ((").toString(), "\"1\""));
        responses.add(this.api.post(base + "/start", ""));
        responses.add(this.api.put(base, definition.toString(), "\"2\""));
        responses.add(this.api.post(base + "/pause", ""));
        responses.add(this.api.post(base + "/resume", ""));
        responses.add(this.api.post(base + "/stop", ""));
        responses.add(this.api.post(base + "/stop", ""));
        responses.add(this.api.get(base + "/events"));
        HttpResponse<String> exported = this.api.get(base + "/export");
        responses.add(exported);
        responses.add(this.api.post("/api/v1/pipelines/import", exported.body()));
        responses.add(this.api.post("/api/v1/pipelines/import", Definitions.withSecrets("secret-imported",
                this.kafkaPassword, this.caPem, this.clickHousePassword).toString()));
        responses.add(this.api.get("/api/v1/pipelines/secret-imported"));
        responses.add(this.api.delete(base));
        responses.add(this.api.get("/v3/api-docs"));

        assertThat(responses).extracting(HttpResponse::statusCode)
            .containsExactly(201, 409, 200, 200, 200, 428, 412, 200, 422, 200, 409, 200, 200, 200, 409, 200, 200, 422,
                    201, 200, 204, 200);
        for (HttpResponse<String> response : responses) {
            assertThat(response.body()).as(response.request().method() + " " + response.request().uri())
                .doesNotContain(this.kafkaPassword, this.caMarker, this.clickHousePassword);
        }
        assertThat(output.getAll()).contains("insert into").doesNotContain(this.kafkaPassword, this.caMarker,
                this.clickHousePassword);
        // The secrets did travel: workers received them in clear.
        RecordingDistributor.Published published = this.distributor.last("secret").orElseThrow();
        assertThat(published.definition().sink().password()).isEqualTo(this.clickHousePassword);
        assertThat(published.definition().sources().get(0).connection().caCertificatePem()).isEqualTo(this.caPem);
    }

    @Test
    void storedDefinitionHoldsEverySecretEncryptedAndTheRestReadable() {
        this.api.post("/api/v1/pipelines",
                Definitions.withSecrets("at-rest", this.kafkaPassword, this.caPem, this.clickHousePassword).toString());

        String stored = this.jdbc.queryForObject("select definition from " + NAMESPACE.postgresSchema()
                + ".pipeline where id = 'at-rest'", String.class);

        assertThat(stored).doesNotContain(this.kafkaPassword, this.caMarker, this.clickHousePassword);
        assertThat(stored.split("enc:v1:", -1)).hasSize(4);
        assertThat(stored).contains("\"topic\":\"orders\"", "\"username\":\"orders-reader\"");
    }

    @Test
    void maskedSecretsInAnEditKeepTheStoredOnes() {
        this.api.post("/api/v1/pipelines",
                Definitions.withSecrets("keep", this.kafkaPassword, this.caPem, this.clickHousePassword).toString());
        ObjectNode read = (ObjectNode) Definitions.parse(this.api.get("/api/v1/pipelines/keep").body()).get("definition");
        read.put("name", "edited with masked secrets");

        HttpResponse<String> edited = this.api.put("/api/v1/pipelines/keep", read.toString(), "\"0\"");

        assertThat(edited.statusCode()).isEqualTo(200);
        RecordingDistributor.Published published = this.distributor.last("keep").orElseThrow();
        assertThat(published.definition().name()).isEqualTo("edited with masked secrets");
        assertThat(published.definition().sources().get(0).connection().password()).isEqualTo(this.kafkaPassword);
        assertThat(published.definition().sources().get(0).connection().caCertificatePem()).isEqualTo(this.caPem);
        assertThat(published.definition().sink().password()).isEqualTo(this.clickHousePassword);
    }

    @Test
    void aNewSecretInAnEditReplacesTheStoredOne() {
        this.api.post("/api/v1/pipelines",
                Definitions.withSecrets("replace", this.kafkaPassword, this.caPem, this.clickHousePassword).toString());
        ObjectNode read = (ObjectNode) Definitions.parse(this.api.get("/api/v1/pipelines/replace").body()).get("definition");
        ((ObjectNode) read.get("sink")).put("password", "rotated-password");

        this.api.put("/api/v1/pipelines/replace", read.toString(), "\"0\"");

        RecordingDistributor.Published published = this.distributor.last("replace").orElseThrow();
        assertThat(published.definition().sink().password()).isEqualTo("rotated-password");
        assertThat(published.definition().sources().get(0).connection().password()).isEqualTo(this.kafkaPassword);
    }

    @Test
    void aMaskedSecretWithNothingStoredBehindItIsAnError() {
        this.api.post("/api/v1/pipelines", Definitions.withId("nothing-stored"));
        ObjectNode edited = Definitions.exampleTree().put("id", "nothing-stored");
        ((ObjectNode) edited.get("sink")).put("password", "********");

        HttpResponse<String> response = this.api.put("/api/v1/pipelines/nothing-stored", edited.toString(), "\"0\"");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"path\":\"$.sink.password\"",
                "\"message\":\"secret is masked; provide the real value\"");
    }

    @Test
    void credentialsInsideTheSinkUrlAreRefusedWithoutBeingEchoed() {
        ObjectNode definition = Definitions.withSecrets("url-credentials", this.kafkaPassword, this.caPem, this.clickHousePassword);
        ((ObjectNode) definition.get("sink")).put("url", "http://writer:" + this.clickHousePassword + "@localhost:8123");

        HttpResponse<String> response = this.api.post("/api/v1/pipelines", definition.toString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"path\":\"$.sink.url\"", "must not contain a user or password")
            .doesNotContain(this.clickHousePassword);
    }

    @Test
    void aMaskedSecretOnCreationIsAnError() {
        HttpResponse<String> response = this.api.post("/api/v1/pipelines",
                Definitions.withSecrets("masked-on-create", "********", this.caPem, this.clickHousePassword).toString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"path\":\"$.sources[0].connection.password\"");
    }

}
