package io.sluice.ui.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginTargetTests {

    @Test
    void aPageTheBrowserNavigatesToIsSavedAsItIs() {
        assertThat(LoginTarget.isPageLoad(null, "navigate")).isTrue();
        assertThat(LoginTarget.isPageLoad(null, null)).isTrue();
    }

    @Test
    void anHtmxRefreshOrAScriptFetchIsNoPageLoad() {
        assertThat(LoginTarget.isPageLoad("true", null)).isFalse();
        assertThat(LoginTarget.isPageLoad("true", "navigate")).isFalse();
        assertThat(LoginTarget.isPageLoad(null, "cors")).isFalse();
        assertThat(LoginTarget.isPageLoad(null, "same-origin")).isFalse();
    }

    @Test
    void behindAFragmentIsThePageTheBrowserShowsWithItsQuery() {
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081/pipelines/orders", "127.0.0.1", 8081, ""))
                .hasValue("/pipelines/orders");
        assertThat(LoginTarget.pageBehind("http://ui.example:8081/pipelines/orders/dlq?q=json%20error", "ui.example", 8081, ""))
                .hasValue("/pipelines/orders/dlq?q=json%20error");
        assertThat(LoginTarget.pageBehind("https://ui.example/sluice/pipelines", "ui.example", 443, "/sluice"))
                .hasValue("/pipelines");
    }

    @Test
    void aPageOfAnotherSiteIsNeverTheTarget() {
        assertThat(LoginTarget.pageBehind("http://evil.example:8081/pipelines", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:9999/pipelines", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081//evil.example/x", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081/other-app/x", "127.0.0.1", 8081, "/sluice")).isEmpty();
        assertThat(LoginTarget.pageBehind("/pipelines", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("not a url", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind(null, "127.0.0.1", 8081, "")).isEmpty();
    }

    @Test
    void aFragmentOrTheLoginPageIsNeverTheTarget() {
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081/pipelines/orders/live", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081/pipelines/orders/metrics", "127.0.0.1", 8081, "")).isEmpty();
        assertThat(LoginTarget.pageBehind("http://127.0.0.1:8081/login?expired", "127.0.0.1", 8081, "")).isEmpty();
    }
}
