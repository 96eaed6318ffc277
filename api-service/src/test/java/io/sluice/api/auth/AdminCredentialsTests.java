package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminCredentialsTests {

    private final AdminCredentials credentials = new AdminCredentials("admin", "s3cret-pass");

    @Test
    void acceptsTheConfiguredUserAndPassword() {
        assertThat(credentials.matches("admin", "s3cret-pass")).isTrue();
    }

    @Test
    void refusesAWrongPasswordOrUser() {
        assertThat(credentials.matches("admin", "s3cret-pasS")).isFalse();
        assertThat(credentials.matches("admin", "")).isFalse();
        assertThat(credentials.matches("root", "s3cret-pass")).isFalse();
        assertThat(credentials.matches(null, "s3cret-pass")).isFalse();
        assertThat(credentials.matches("admin", null)).isFalse();
    }

    @Test
    void withoutAPasswordLoginIsDisabledAndNothingMatches() {
        AdminCredentials none = new AdminCredentials("admin", null);
        AdminCredentials empty = new AdminCredentials("admin", "");

        assertThat(none.enabled()).isFalse();
        assertThat(empty.enabled()).isFalse();
        assertThat(none.matches("admin", "")).isFalse();
        assertThat(empty.matches("admin", "")).isFalse();
    }
}
