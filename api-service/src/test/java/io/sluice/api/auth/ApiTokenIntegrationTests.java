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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryPipelines.class)
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(ApiTokenIntegrationTests.class);

    static final String ADMIN_PASSWORD = "test-admin-password";

    // Any authenticated endpoint that is not admin-only; the pipeline does not exist, so 404.
    static final String ORDINARY_ENDPOINT = "/api/v1/pipelines/nothing-here/status";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @LocalServerPort
    int port;

    @Test
    void tokenLifecycleCreateUseListRevoke(CapturedOutput output) {
        ApiTestClient bootstrap = ApiTestClient.onLocalPort(port);

        HttpResponse<String> created = bootstrap.post("/api/v1/tokens", "{\"name\": \"ci-pipeline\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        String token = body.path("token").asString();
        String id = body.path("id").asString();
        assertThat(token).matches("slc_[A-Za-z0-9_-]{43}");
        assertThat(body.path("admin").asBoolean()).isFalse();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/tokens/" + id);

        ApiTestClient client = bootstrap.withToken(token);
        assertThat(client.get(ORDINARY_ENDPOINT).statusCode()).isEqualTo(404);

        HttpResponse<String> list = bootstrap.get("/api/v1/tokens");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id, "ci-pipeline", "lastUsedAt")
                .doesNotContain(token, TokenSecrets.hash(token), "\"token\"");

        assertThat(bootstrap.delete("/api/v1/tokens/" + id).statusCode()).isEqualTo(204);

        HttpResponse<String> afterRevoke = client.get(ORDINARY_ENDPOINT);
        assertThat(afterRevoke.statusCode()).isEqualTo(401);
        assertThat(afterRevoke.body()).contains("\"status\":401");
        assertThat(bootstrap.get("/api/v1/tokens").body()).doesNotContain(id);
        assertThat(bootstrap.delete("/api/v1/tokens/" + id).statusCode()).isEqualTo(204);
        assertThat(output.getAll()).contains("ci-pipeline").doesNotContain(token, token.substring(4));
    }

    @Test
    void nonAdminTokenIsForbiddenToManageTokens() {
        String token = json(ApiTestClient.onLocalPort(port).post("/api/v1/tokens", "{\"name\": \"reader\"}"))
                .path("token").asString();
        ApiTestClient reader = ApiTestClient.onLocalPort(port).withToken(token);

        HttpResponse<String> list = reader.get("/api/v1/tokens");
        HttpResponse<String> create = reader.post("/api/v1/tokens", "{\"name\": \"escalate\", \"admin\": true}");

        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(create.statusCode()).isEqualTo(403);
    }

    @Test
    void adminTokenManagesTokensLikeTheBootstrapToken() {
        String admin = json(ApiTestClient.onLocalPort(port).post("/api/v1/tokens",
                "{\"name\": \"ops\", \"admin\": true}")).path("token").asString();
        ApiTestClient ops = ApiTestClient.onLocalPort(port).withToken(admin);

        HttpResponse<String> created = ops.post("/api/v1/tokens", "{\"name\": \"made-by-ops\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(ops.get("/api/v1/tokens").body()).contains("made-by-ops");
    }

    @Test
    void unauthenticatedCallsGet401AndHealthStaysOpen() {
        ApiTestClient anonymous = ApiTestClient.onLocalPort(port).withToken(null);

        assertThat(anonymous.get("/api/v1/tokens").statusCode()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/tokens", "{\"name\": \"sneaky\"}").statusCode()).isEqualTo(401);
        assertThat(anonymous.withToken("slc_" + "A".repeat(43)).get(ORDINARY_ENDPOINT).statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void invalidTokenRequestsAreProblemsWithTheFieldAtFault() {
        ApiTestClient bootstrap = ApiTestClient.onLocalPort(port);

        HttpResponse<String> blank = bootstrap.post("/api/v1/tokens", "{\"name\": \"  \"}");
        HttpResponse<String> reserved = bootstrap.post("/api/v1/tokens", "{\"name\": \"ui:admin\"}");
        HttpResponse<String> malformed = bootstrap.post("/api/v1/tokens", "{\"name\": ");
        HttpResponse<String> unknown = bootstrap.delete("/api/v1/tokens/00000000-0000-0000-0000-000000000000");
        HttpResponse<String> notAnId = bootstrap.delete("/api/v1/tokens/not-a-uuid");

        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(blank).path("errors").get(0).path("path").asString()).isEqualTo("$.name");
        assertThat(json(reserved).path("errors").get(0).path("message").asString()).contains("ui:");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"status\":400").doesNotContain("Exception", "tools.jackson");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(notAnId.statusCode()).isEqualTo(400);
    }

    @Test
    void uiLoginWithTheRightPasswordGivesAShortLivedAdminToken(CapturedOutput output) {
        ApiTestClient anonymous = ApiTestClient.onLocalPort(port).withToken(null);

        HttpResponse<String> login = anonymous.post("/api/v1/sessions",
                "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}");

        assertThat(login.statusCode()).isEqualTo(201);
        JsonNode session = json(login);
        String token = session.path("token").asString();
        assertThat(session.path("username").asString()).isEqualTo("admin");
        assertThat(session.path("expiresAt").asString()).isNotEmpty();
        ApiTestClient ui = anonymous.withToken(token);
        HttpResponse<String> tokens = ui.get("/api/v1/tokens");
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("ui:admin", "expiresAt");

        assertThat(ui.delete("/api/v1/sessions").statusCode()).isEqualTo(204);
        assertThat(ui.get("/api/v1/tokens").statusCode()).isEqualTo(401);
        assertThat(output.getAll()).contains("UI login of user 'admin'")
                .doesNotContain(token, ADMIN_PASSWORD, ApiTestProperties.BOOTSTRAP_TOKEN);
    }

    @Test
    void uiLoginWithAWrongPasswordIs401(CapturedOutput output) {
        HttpResponse<String> login = ApiTestClient.onLocalPort(port).withToken(null).from("192.0.2.31").post("/api/v1/sessions",
                "{\"username\": \"admin\", \"password\": \"guess\"}");

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(login.body()).doesNotContain("token").contains("Wrong username or password");
        assertThat(output.getAll()).contains("Failed UI login for user 'admin'").doesNotContain("\"guess\"", "=guess");
    }

    @Test
    void repeatedFailedLoginsFromAClientAreThrottled() {
        // From an address of its own: the lockout must not reach the other tests' logins.
        ApiTestClient anonymous = ApiTestClient.onLocalPort(port).withToken(null).from("192.0.2.32");
        String attempt = "{\"username\": \"mallory\", \"password\": \"guess\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/v1/sessions", attempt).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = anonymous.post("/api/v1/sessions", attempt);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("\"status\":429");
    }

    @Test
    void loginWithoutPasswordIsAProblemNamingTheField() {
        HttpResponse<String> login = ApiTestClient.onLocalPort(port).withToken(null).post("/api/v1/sessions",
                "{\"username\": \"admin\"}");

        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(json(login).path("errors").get(0).path("path").asString()).isEqualTo("$.password");
    }

    @Test
    void logoutWithAnApiTokenRevokesNothing() {
        ApiTestClient bootstrap = ApiTestClient.onLocalPort(port);
        String token = json(bootstrap.post("/api/v1/tokens", "{\"name\": \"script\"}")).path("token").asString();

        HttpResponse<String> logout = bootstrap.withToken(token)
                .send(bootstrap.withToken(token).request("/api/v1/sessions").DELETE());

        assertThat(logout.statusCode()).isEqualTo(400);
        assertThat(bootstrap.withToken(token).get(ORDINARY_ENDPOINT).statusCode()).isEqualTo(404);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }
}
