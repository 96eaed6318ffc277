package io.sluice.api.connection;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Turns what a Kafka client threw into a failure a person can act on. */
final class KafkaFailures {

    private KafkaFailures() {
    }

    /**
     * @param topic the topic the call was about, or null
     * @param timeout the time bound the call had, to say how long it waited
     */
    static ConnectionFailedException classify(Throwable thrown, String topic, Duration timeout) {
        Throwable error = unwrap(thrown);
        if (error instanceof ConnectionFailedException failed) {
            return failed;
        }
        // SslAuthenticationException is an AuthenticationException: check it first.
        if (error instanceof SslAuthenticationException) {
            return new ConnectionFailedException(Failure.TLS,
                    "TLS handshake with the Kafka broker failed: " + tlsHint(error), error);
        }
        if (error instanceof AuthenticationException) {
            return new ConnectionFailedException(Failure.AUTHENTICATION,
                    "Kafka rejected the credentials: " + message(error), error);
        }
        if (error instanceof AuthorizationException) {
            return new ConnectionFailedException(Failure.AUTHORIZATION,
                    "Kafka refused access" + ((topic != null) ? " to topic '" + topic + "'" : "") + ": " + message(error),
                    error);
        }
        if (error instanceof UnknownTopicOrPartitionException) {
            return new ConnectionFailedException(Failure.NOT_FOUND, "Topic '" + topic + "' does not exist", error);
        }
        if (error instanceof org.apache.kafka.common.errors.TimeoutException
                || error instanceof java.util.concurrent.TimeoutException) {
            return timedOut(timeout);
        }
        if (error instanceof ConfigException && String.valueOf(error.getMessage()).contains("resolvable")) {
            return new ConnectionFailedException(Failure.UNREACHABLE,
                    "None of the Kafka broker host names resolve: " + message(error), error);
        }
        return new ConnectionFailedException(Failure.FAILED, "Kafka answered with an error: " + message(error), error);
    }

    /**
     * The brokers accept TCP connections (they were probed first) yet did not answer: the usual
     * causes are a client speaking the wrong protocol to the listener, or brokers advertising
     * addresses that cannot be reached from here.
     */
    static ConnectionFailedException timedOut(Duration timeout) {
        return new ConnectionFailedException(Failure.TIMEOUT, "The Kafka brokers accepted the connection but did not answer within "
                + seconds(timeout) + ". Check that the security protocol and SASL mechanism match the brokers' listener,"
                + " and that the addresses the brokers advertise are reachable from the Sluice API.");
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0) ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String tlsHint(Throwable error) {
        String detail = rootMessage(error);
        if (detail.contains("PKIX") || detail.contains("certification path")) {
            return "the broker's certificate is not signed by a trusted CA. Give the CA certificate (PEM), or skip TLS"
                    + " verification for tests. (" + detail + ")";
        }
        if (detail.contains("subject alternative") || detail.contains("No name matching")) {
            return "the broker's certificate does not name the host connected to. (" + detail + ")";
        }
        return detail + ". Is the listener TLS (SSL or SASL_SSL)?";
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable error = thrown;
        while ((error instanceof ExecutionException || error instanceof CompletionException
                || (error instanceof KafkaException && error.getClass() == KafkaException.class))
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String message(Throwable error) {
        return (error.getMessage() != null) ? error.getMessage() : "no detail given";
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return message(root);
    }

}
