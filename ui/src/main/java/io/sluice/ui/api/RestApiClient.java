package io.sluice.ui.api;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.sluice.ui.config.UiProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@link ApiClient} over HTTP with Spring's {@link RestClient}. */
class RestApiClient implements ApiClient {

    private final RestClient http;

    private final String baseUrl;

    private final ObjectMapper json;

    private final Supplier<String> currentToken;

    /**
     * @param currentToken the logged-in user's session token; throws {@link ApiSessionExpiredException}
     *                     when there is none
     */
    RestApiClient(UiProperties properties, ObjectMapper json, Supplier<String> currentToken) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(properties.apiTimeout());
        this.baseUrl = properties.apiUrl().toString().replaceAll("/+$", "");
        this.http = RestClient.builder().requestFactory(factory).baseUrl(baseUrl + "/api/v1").build();
        this.json = json;
        this.currentToken = currentToken;
    }

    @Override
    public ApiResponse get(String path) {
        return exchange(HttpMethod.GET, path, null, null, currentToken.get());
    }

    @Override
    public ApiResponse post(String path, Object body) {
        return exchange(HttpMethod.POST, path, body, null, currentToken.get());
    }

    @Override
    public ApiResponse put(String path, Object body, String ifMatch) {
        return exchange(HttpMethod.PUT, path, body, ifMatch, currentToken.get());
    }

    @Override
    public ApiResponse delete(String path) {
        return exchange(HttpMethod.DELETE, path, null, null, currentToken.get());
    }

    @Override
    public ApiSession login(String username, String password, String clientAddress) {
        JsonNode body = exchange(HttpMethod.POST, "/sessions", Map.of("username", username, "password", password),
                null, null, clientAddress).body();
        return new ApiSession(body.path("username").asString(username), body.path("token").asString(),
                java.time.Instant.parse(body.path("expiresAt").asString()));
    }

    @Override
    public void logout(String token) {
        try {
            exchange(HttpMethod.DELETE, "/sessions", null, null, token);
        } catch (RuntimeException e) {
            // Logging out must work when the API is down or the token already expired.
        }
    }

    private ApiResponse exchange(HttpMethod method, String path, Object body, String ifMatch, String token) {
        return exchange(method, path, body, ifMatch, token, null);
    }

    private ApiResponse exchange(HttpMethod method, String path, Object body, String ifMatch, String token,
            String clientAddress) {
        RestClient.RequestBodySpec request = http.method(method).uri(path).accept(MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_PROBLEM_JSON);
        if (clientAddress != null && !clientAddress.isBlank()) {
            // Set, never appended to what the browser sent: the ui vouches only for what it saw.
            request.header("X-Forwarded-For", clientAddress);
        }
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body instanceof String text ? text : json.writeValueAsString(body));
        }
        try {
            return request.exchange((req, response) -> {
                HttpStatusCode status = response.getStatusCode();
                byte[] bytes = response.getBody().readAllBytes();
                JsonNode parsed = parse(bytes);
                if (status.value() == 401 && token != null) {
                    throw new ApiSessionExpiredException();
                }
                if (status.isError()) {
                    throw new ApiProblemException(problem(status.value(), parsed));
                }
                return new ApiResponse(status.value(), parsed, response.getHeaders().getETag());
            }, true);
        } catch (ResourceAccessException e) {
            throw new ApiUnavailableException("The api-service at " + baseUrl + " did not answer: "
                    + rootMessage(e), e);
        }
    }

    private JsonNode parse(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            return tools.jackson.databind.node.StringNode.valueOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static ApiProblem problem(int status, JsonNode body) {
        if (body == null || !body.isObject()) {
            return new ApiProblem(status, "The api-service answered " + status, null, List.of());
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(new ApiProblem.FieldError(error.path("path").asString(""), error.path("message").asString("")));
        }
        return new ApiProblem(status, body.path("title").asString(null), body.path("detail").asString(null), errors);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
