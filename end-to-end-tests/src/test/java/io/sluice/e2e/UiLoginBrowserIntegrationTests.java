package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Logging in and out in a real browser, against the real ui and api-service. */
@RealServers({ RealServer.NATS, RealServer.POSTGRES })
class UiLoginBrowserIntegrationTests {

    private static final UiStack STACK = new UiStack(TestNamespace.forClass(UiLoginBrowserIntegrationTests.class));

    private Browser browser;

    @BeforeAll
    static void startApiAndUi() {
        STACK.startApiAndUi();
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        STACK.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser(STACK.uiUrl());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void wrongPasswordShowsAnErrorAndKeepsTheUserOnTheLoginPage() {
        browser.logIn(UiStack.ADMIN, "not-the-password");

        assertThat(browser.text(By.id("login-error"))).isEqualTo("Wrong username or password.");
        assertThat(browser.path()).startsWith("/login");
        browser.screenshot("login-failed");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void loggedInUserLandsOnThePipelinesListAndCanLogOut() {
        browser.open("/pipelines");
        assertThat(browser.path()).isEqualTo("/login");
        browser.screenshot("login");

        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);

        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Pipelines");
        assertThat(browser.path()).isEqualTo("/pipelines");
        assertThat(browser.text(By.cssSelector(".topbar .user"))).isEqualTo(UiStack.ADMIN);
        assertThat(browser.consoleErrors()).isEmpty();

        browser.find(By.cssSelector(".topbar .logout button")).click();

        assertThat(browser.text(By.cssSelector(".flash.ok"))).isEqualTo("You are logged out.");
        browser.open("/pipelines");
        assertThat(browser.path()).isEqualTo("/login");
    }

    @Test
    void afterTheSessionEndsUnderAPipelinePageLoggingInAgainLandsOnTheWholePage() throws Exception {
        createPipeline("expiring", "Expiring session");
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.id("pipelines-table"));
        browser.open("/pipelines/expiring");
        assertThat(browser.text(By.cssSelector("h1 .pipeline-name"))).isEqualTo("Expiring session");

        // The session ends while the page stays open (as after the idle timeout): the page's own
        // refresh is the first request that finds out, and it leads the browser to the login page.
        browser.driver().manage().deleteCookieNamed("JSESSIONID");
        browser.waitUntil(Duration.ofSeconds(30), () -> browser.path().startsWith("/login"));
        assertThat(browser.text(By.cssSelector(".flash.ok"))).isEqualTo("Your session ended. Log in again to continue.");
        browser.screenshot("login-after-session-ended");
        // The refresh that found the session gone was answered 401 (what it is); the console may say so.
        browser.consoleErrors();

        browser.type(By.id("username"), UiStack.ADMIN);
        browser.type(By.id("password"), UiStack.ADMIN_PASSWORD);
        browser.find(By.cssSelector("form button[type=submit]")).click();

        // The whole page, with its navigation and refreshing status, not the bare status fragment.
        assertThat(browser.text(By.cssSelector("h1 .pipeline-name"))).isEqualTo("Expiring session");
        assertThat(browser.path()).isEqualTo("/pipelines/expiring");
        assertThat(browser.text(By.cssSelector(".topbar .user"))).isEqualTo(UiStack.ADMIN);
        assertThat(browser.findAll(By.cssSelector("nav.breadcrumb"))).hasSize(1);
        assertThat(browser.driver().getTitle()).isEqualTo("Expiring session · Sluice");
        browser.screenshot("pipeline-page-after-login-again");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static void createPipeline(String id, String name) throws Exception {
        String definition = Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + id + "\"")
                .replace("\"name\": \"Orders without duplicates\"", "\"name\": \"" + name + "\"");
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(STACK.apiUrl() + "/api/v1/pipelines"))
                        .header("Authorization", "Bearer " + UiStack.TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(definition)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
