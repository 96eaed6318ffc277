package io.sluice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The secured listeners of the Kafka that {@code deploy/local/servers.sh} runs, for tests of
 * Sluice's security settings against a real broker: SASL_PLAINTEXT, SSL and SASL_SSL, a PLAIN user,
 * and the test CA that signed the broker's certificate.
 *
 * @param caPem where the test CA's certificate is ({@code $SLUICE_HOME/data/kafka/tls/ca.pem})
 */
public record KafkaSecuredListeners(String host, int saslPort, int sslPort, int saslSslPort, Path caPem) {

    /** The PLAIN user the broker's JAAS configuration knows; SCRAM users are made by tests. */
    public static final String PLAIN_USER = "sluice";

    public static final String PLAIN_PASSWORD = "sluice-test-password";

    public static KafkaSecuredListeners fromEnvironment() {
        Map<String, String> env = System.getenv();
        String host = LocalEndpoints.fromEnvironment().kafkaBootstrapServers().split(",")[0].split(":")[0];
        Path home = Path.of(env.getOrDefault("SLUICE_HOME", System.getProperty("user.home") + "/.sluice"));
        return new KafkaSecuredListeners(host, port(env, "SLUICE_KAFKA_SASL_PORT", 9094),
                port(env, "SLUICE_KAFKA_SSL_PORT", 9095), port(env, "SLUICE_KAFKA_SASL_SSL_PORT", 9096),
                home.resolve("data/kafka/tls/ca.pem"));
    }

    /** Whether the listeners answer and the CA is there; a Kafka run otherwise has neither. */
    public boolean available() {
        return Files.exists(caPem) && reachable(saslPort) && reachable(sslPort) && reachable(saslSslPort);
    }

    public String caCertificatePem() {
        try {
            return Files.readString(caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sasl() {
        return host + ":" + saslPort;
    }

    public String ssl() {
        return host + ":" + sslPort;
    }

    public String saslSsl() {
        return host + ":" + saslSslPort;
    }

    private boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        return (value == null || value.isBlank()) ? fallback : Integer.parseInt(value);
    }
}
