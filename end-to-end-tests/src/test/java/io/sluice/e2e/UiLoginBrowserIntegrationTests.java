package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
}
