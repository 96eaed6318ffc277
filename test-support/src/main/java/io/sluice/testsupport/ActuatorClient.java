package io.sluice.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

/** Reads a running service's Actuator endpoints the way an operator's probe would: over HTTP. */
public final class ActuatorClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    private ActuatorClient(URI base) {
        this.base = base;
    }

    public static ActuatorClient onLocalPort(int port) {
        return new ActuatorClient(URI.create("http://127.0.0.1:" + port + "/actuator/"));
    }

    /** The overall status of {@code /actuator/health}, e.g. {@code UP}. */
    public String healthStatus() {
        String body = get("health");
        String status = JsonMapper.shared().readTree(body).path("status").asString();
        if (status.isEmpty()) {
            throw new IllegalStateException("Unexpected /actuator/health body: " + body);
        }
        return status;
    }

    /** The Prometheus scrape text of {@code /actuator/prometheus}. */
    public String prometheus() {
        return get("prometheus");
    }

    private String get(String endpoint) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(endpoint)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            // Health answers 503 with a body when DOWN; the caller wants that body, not an exception.
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + request.uri(), e);
        }
    }
}
