package io.sluice.ui.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What someone who is not logged in gets: the login page, never a page or an action. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.ui.api-url=http://127.0.0.1:1")
class LoggedOutVisitorTests {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @Test
    void everyPageRedirectsToTheLoginPage() throws Exception {
        for (String page : new String[] {"/", "/pipelines", "/pipelines/orders", "/pipelines/orders/dlq",
                "/pipelines/new", "/pipelines/import"}) {
            HttpResponse<String> response = get(page);

            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(
                    (location) -> assertThat(location).endsWith("/login"));
        }
    }

    @Test
    void htmxRefreshOfAFragmentIsToldToLoadTheLoginPage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url("/pipelines")).header("HX-Request", "true")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("HX-Redirect")).hasValue("/login?expired");
    }

    @Test
    void loginPageHasLabelledInputsAndACsrfToken() throws Exception {
        HttpResponse<String> response = get("/login");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<label for=\"username\">", "<label for=\"password\">",
                "name=\"_csrf\"");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                (csp) -> assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void formPostWithoutTheCsrfTokenIsRefused() throws Exception {
        for (String action : new String[] {"/login", "/logout", "/pipelines/orders/pause"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(action).isEqualTo(403);
        }
    }

    @Test
    void loginWhileTheApiIsUnreachableSaysSo() throws Exception {
        HttpResponse<String> loginPage = get("/login");
        String cookie = loginPage.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = loginPage.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> failed = http.send(HttpRequest.newBuilder(url("/login")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=secret&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(
                (location) -> assertThat(location).endsWith("/login?error"));

        HttpResponse<String> shown = http.send(HttpRequest.newBuilder(url("/login?error")).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(shown.body()).contains("The api-service cannot be reached");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
