package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.nats.client.Options;
import io.sluice.nats.NatsConnections.InvalidNatsSettingsException;
import io.sluice.nats.NatsProperties.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the settings become client options: servers, reconnecting, credentials, TLS. */
class NatsConnectionsTests {

    private static final Path TEST_CA = Path.of("src/test/resources/test-ca.pem");

    @TempDir
    Path files;

    @Test
    void oneUrlIsOneServerAsBefore() {
        Options options = options(NatsProperties.of("nats://nats:4222", "", 1));

        assertThat(options.getServers()).containsExactly(URI.create("nats://nats:4222"));
        assertThat(options.getConnectionName()).isEqualTo("sluice-test");
        assertThat(options.isTLSRequired()).isFalse();
        assertThat(options.getUsername()).isNull();
        assertThat(options.getToken()).isNull();
        assertThat(options.getAuthHandler()).isNull();
    }

    @Test
    void aCommaSeparatedListGivesEveryServerInItsOrder() {
        Options options = options(NatsProperties.of(" nats://a:4222, nats://b:4222 ,,nats://c:4222", "", 1));

        assertThat(options.getServers()).containsExactly(URI.create("nats://a:4222"), URI.create("nats://b:4222"),
                URI.create("nats://c:4222"));
    }

    @Test
    void reconnectsForEverWithAJitteredWait() {
        Options options = options(NatsProperties.of("nats://nats:4222", "", 1));

        assertThat(options.getMaxReconnect()).isEqualTo(-1);
        assertThat(options.getReconnectWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.getReconnectJitter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getReconnectJitterTls()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.getConnectionListener()).isInstanceOf(ConnectionLog.class);
        assertThat(options.getErrorListener()).isInstanceOf(ConnectionLog.class);
    }

    @Test
    void userAndPasswordAreSent() {
        Options options = options(new NatsProperties("nats://nats:4222", "", 1, "sluice", "secret", null, null, Tls.NONE));

        assertThat(options.getUsername()).isEqualTo("sluice");
        assertThat(options.getPassword()).isEqualTo("secret");
    }

    @Test
    void userAndPasswordInTheUrlStillWork() {
        Options options = options(NatsProperties.of("nats://sluice:secret@nats:4222", "", 1));

        assertThat(options.getServers()).containsExactly(URI.create("nats://sluice:secret@nats:4222"));
    }

    @Test
    void aTokenIsSent() {
        Options options = options(new NatsProperties("nats://nats:4222", "", 1, null, null, "s3cr3t", null, Tls.NONE));

        assertThat(options.getToken()).isEqualTo("s3cr3t");
        assertThat(options.getUsername()).isNull();
    }

    @Test
    void aCredentialsFileSignsTheConnection() throws Exception {
        Path creds = Files.writeString(files.resolve("sluice.creds"), "not checked before connecting");

        Options options = options(new NatsProperties("nats://nats:4222", "", 1, null, null, null, creds.toString(), Tls.NONE));

        assertThat(options.getAuthHandler()).isNotNull();
    }

    @Test
    void aMissingCredentialsFileIsRefusedAtOnceNamingTheSetting() {
        NatsProperties nats = new NatsProperties("nats://nats:4222", "", 1, null, null, null,
                files.resolve("absent.creds").toString(), Tls.NONE);

        assertThatThrownBy(() -> options(nats)).isInstanceOf(InvalidNatsSettingsException.class)
                .hasMessageStartingWith("sluice.nats.credentials: cannot read ").hasMessageEndingWith("absent.creds");
    }

    @Test
    void tlsEnabledUsesTheJvmsAuthorities() throws Exception {
        Options options = options(new NatsProperties("nats://nats:4222", "", 1, null, null, null, null, new Tls(true, null)));

        assertThat(options.isTLSRequired()).isTrue();
        assertThat(options.getSslContext()).isSameAs(javax.net.ssl.SSLContext.getDefault());
    }

    @Test
    void aCaFileTurnsTlsOnWithThoseAuthorities() throws Exception {
        Options options = options(new NatsProperties("nats://nats:4222", "", 1, null, null, null, null,
                new Tls(false, TEST_CA.toString())));

        assertThat(options.isTLSRequired()).isTrue();
        assertThat(options.getSslContext()).isNotSameAs(javax.net.ssl.SSLContext.getDefault());
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused() throws Exception {
        Path empty = Files.writeString(files.resolve("empty.pem"), "");
        NatsProperties nats = new NatsProperties("nats://nats:4222", "", 1, null, null, null, null,
                new Tls(false, empty.toString()));

        assertThatThrownBy(() -> options(nats)).isInstanceOf(InvalidNatsSettingsException.class)
                .hasMessageStartingWith("sluice.nats.tls.ca-file: ");
    }

    @Test
    void aTlsUrlConnectsWithTlsWithoutFurtherSettings() {
        Options options = options(NatsProperties.of("tls://nats:4222", "", 1));

        assertThat(options.isTLSRequired()).isTrue();
    }

    @Test
    void aBadServerUrlIsRefusedNamingTheSettingWithoutItsPassword() {
        NatsProperties nats = NatsProperties.of("nats://u:secret@good:4222,nats://bad host:4222", "", 1);

        assertThatThrownBy(() -> options(nats)).isInstanceOf(InvalidNatsSettingsException.class)
                .hasMessageStartingWith("sluice.nats.url is not a list of NATS server URLs")
                .hasMessageNotContaining("secret");
    }

    private static Options options(NatsProperties nats) {
        return NatsConnections.options(nats, "sluice-test", null);
    }
}
