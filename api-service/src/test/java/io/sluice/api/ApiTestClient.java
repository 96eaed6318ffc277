package io.sluice.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the api-service over real HTTP, as the UI and scripts do, with a bearer token
 * (the bootstrap token unless another is given).
 */
public final class ApiTestClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final String clientAddress;

    private ApiTestClient(URI base, String token, String clientAddress) {
        this.base = base;
        this.token = token;
        this.clientAddress = clientAddress;
    }

    public static ApiTestClient onLocalPort(int port) {
        return new ApiTestClient(URI.create("http://127.0.0.1:" + port), ApiTestProperties.BOOTSTRAP_TOKEN, null);
    }

    public ApiTestClient withToken(String otherToken) {
        return new ApiTestClient(base, otherToken, clientAddress);
    }

    /**
     * Requests as if from this client address, forwarded by a proxy on loopback (X-Forwarded-For),
     * so throttling tests can act as several clients.
     */
    public ApiTestClient from(String address) {
        return new ApiTestClient(base, token, address);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json, String ifMatch) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder.PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** Any request, for cases the shortcuts do not cover (raw bodies, other headers). */
    public HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request to the api-service failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (clientAddress != null) {
            builder.header("X-Forwarded-For", clientAddress);
        }
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
