package io.sluice.ui.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ui behind a TLS-terminating proxy on loopback: the session cookie is {@code Secure} when
 * the proxy says the browser used HTTPS, and a login tells the api-service the browser's address,
 * which the api-service throttles failed logins by.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxiedLoginTests {

    // Stands in for the api-service: records who a login was for, and refuses it.
    static final List<String> FORWARDED_FOR = new CopyOnWriteArrayList<>();

    static final HttpServer API = api();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void apiUrl(DynamicPropertyRegistry registry) {
        registry.add("sluice.ui.api-url", () -> "http://127.0.0.1:" + API.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        API.stop(0);
    }

    @Test
    void sessionCookieIsSecureWhenTheProxyServedHttps() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/login")).header("X-Forwarded-Proto", "https")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                (cookie) -> assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("; Secure"));
    }

    @Test
    void sessionCookieStaysUsableOverPlainHttp() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                (cookie) -> assertThat(cookie).startsWith("JSESSIONID=").doesNotContainIgnoringCase("Secure"));
    }

    @Test
    void loginTellsTheApiServiceTheBrowsersAddress() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/login")).header("X-Forwarded-For", "203.0.113.5")
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> failed = http.send(HttpRequest.newBuilder(url("/login")).header("Cookie", cookie)
                .header("X-Forwarded-For", "203.0.113.5").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=guess&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(
                (location) -> assertThat(location).endsWith("/login?error"));
        assertThat(FORWARDED_FOR).containsExactly("203.0.113.5");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpServer api() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/v1/sessions", (exchange) -> {
                String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
                FORWARDED_FOR.add(forwarded == null ? "(none)" : forwarded);
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"status\":401,\"title\":\"Login failed\",\"detail\":\"Wrong username or password.\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(401, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}
