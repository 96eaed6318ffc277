package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.nats.NatsProperties.Tls;
import org.junit.jupiter.api.Test;

class NatsPropertiesTests {

    @Test
    void serversAreTheCommaSeparatedUrlsTrimmed() {
        assertThat(NatsProperties.of("nats://a:4222 , nats://b:4222", "", 1).servers())
                .containsExactly("nats://a:4222", "nats://b:4222");
    }

    @Test
    void blankCredentialsCountAsUnset() {
        NatsProperties nats = new NatsProperties("nats://a:4222", "", 1, " ", "", "", "  ", new Tls(false, ""));

        assertThat(nats.user()).isNull();
        assertThat(nats.password()).isNull();
        assertThat(nats.token()).isNull();
        assertThat(nats.credentials()).isNull();
        assertThat(nats.tls().required()).isFalse();
    }

    @Test
    void refusesTwoWaysToAuthenticate() {
        assertThatThrownBy(() -> new NatsProperties("nats://a:4222", "", 1, "sluice", "secret", "token", null, Tls.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set one of sluice.nats.user (with password), sluice.nats.token and sluice.nats.credentials, not several");
    }

    @Test
    void refusesAPasswordWithoutUser() {
        assertThatThrownBy(() -> new NatsProperties("nats://a:4222", "", 1, null, "secret", null, null, Tls.NONE))
                .hasMessage("sluice.nats.password is set without sluice.nats.user");
    }

    @Test
    void refusesAUrlListWithoutServer() {
        assertThatThrownBy(() -> NatsProperties.of(" , ", "", 1)).hasMessage("sluice.nats.url names no server, was \" , \"");
    }

    @Test
    void logLinesAndToStringNeverShowAPasswordOrToken() {
        NatsProperties inUrl = NatsProperties.of("nats://u:secret@a:4222,nats://b:4222", "", 1);
        NatsProperties asSettings = new NatsProperties("nats://a:4222", "", 1, null, null, "s3cr3t", null, Tls.NONE);

        assertThat(inUrl.redactedServers()).isEqualTo("nats://a:4222,nats://b:4222");
        assertThat(inUrl.toString()).doesNotContain("secret");
        assertThat(asSettings.toString()).doesNotContain("s3cr3t").contains("token=********");
    }

    @Test
    void aCaFileAsksForTls() {
        assertThat(new Tls(false, "/etc/nats/ca.pem").required()).isTrue();
        assertThat(new Tls(true, null).required()).isTrue();
    }
}
