package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void rejectedCredentialsAreAnAuthenticationFailure() {
        ConnectionFailedException failure = KafkaFailures.classify(new ExecutionException(
                new SaslAuthenticationException("Authentication failed: Invalid username or password")), null, TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(failure.getMessage()).isEqualTo("Kafka rejected the credentials: Authentication failed: Invalid username or password");
    }

    @Test
    void untrustedCertificateIsATlsFailureThatSaysWhatToDo() {
        ConnectionFailedException failure = KafkaFailures.classify(new SslAuthenticationException("SSL handshake failed",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed: unable to find valid certification path")),
                null, TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.TLS);
        assertThat(failure.getMessage()).contains("not signed by a trusted CA", "CA certificate (PEM)");
    }

    @Test
    void unknownTopicNamesTheTopic() {
        ConnectionFailedException failure = KafkaFailures.classify(new ExecutionException(
                new UnknownTopicOrPartitionException("This server does not host this topic-partition.")), "orders", TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(failure.getMessage()).isEqualTo("Topic 'orders' does not exist");
    }

    @Test
    void refusedTopicAccessIsAnAuthorizationFailure() {
        ConnectionFailedException failure = KafkaFailures.classify(new TopicAuthorizationException("Not authorized"), "orders", TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.AUTHORIZATION);
        assertThat(failure.getMessage()).contains("topic 'orders'");
    }

    @Test
    void timeoutSaysHowLongAndWhatToCheck() {
        ConnectionFailedException failure = KafkaFailures.classify(new ExecutionException(
                new TimeoutException("Timed out waiting for a node assignment. Call: describeCluster")), null, TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure.getMessage()).contains("within 10 s", "security protocol", "advertise");
    }

    @Test
    void unresolvableBrokersAreUnreachable() {
        ConnectionFailedException failure = KafkaFailures.classify(new KafkaException("Failed to create new KafkaAdminClient",
                new ConfigException("No resolvable bootstrap urls given in bootstrap.servers")), null, TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(failure.getMessage()).contains("resolve");
    }

    @Test
    void anythingElseKeepsKafkasMessageButNoClassName() {
        ConnectionFailedException failure = KafkaFailures.classify(new IllegalStateException(), null, TIMEOUT);

        assertThat(failure.failure()).isEqualTo(Failure.FAILED);
        assertThat(failure.getMessage()).doesNotContain("IllegalStateException");
    }

    @Test
    void writesFractionalSeconds() {
        assertThat(KafkaFailures.seconds(Duration.ofMillis(2500))).isEqualTo("2.5 s");
        assertThat(KafkaFailures.seconds(Duration.ofSeconds(10))).isEqualTo("10 s");
    }
}
