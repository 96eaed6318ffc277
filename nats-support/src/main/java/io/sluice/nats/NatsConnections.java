package io.sluice.nats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The one way Sluice connects to NATS, from {@link NatsProperties}: every server of the list,
 * credentials, TLS, and reconnecting for ever with a jittered wait (a service outlives NATS restarts
 * and cluster node changes; JetStream keeps the data meanwhile, and many replicas coming back at once
 * do not all knock at the same moment). State changes are logged once each ({@link ConnectionLog}).
 */
public final class NatsConnections {

    /** Wait between two rounds of reconnect attempts over the server list. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(2);

    /** Up to this much is added at random to each wait. */
    static final Duration RECONNECT_JITTER = Duration.ofSeconds(1);

    private NatsConnections() {
    }

    /**
     * The client options for these settings.
     * @param connectionName how the server lists the connection (e.g. {@code sluice-api-service})
     * @param listener       the service's own listener, told of every event after it is logged; or null
     * @throws InvalidNatsSettingsException if a file the settings name cannot be read or a URL is not one
     */
    public static Options options(NatsProperties nats, String connectionName, ConnectionListener listener) {
        return builder(nats, connectionName, new ConnectionLog(), listener).build();
    }

    // Package-private for tests that need to change an option the services never change.
    static Options.Builder builder(NatsProperties nats, String connectionName, ConnectionLog log,
            ConnectionListener listener) {
        Options.Builder builder = new Options.Builder()
                .connectionName(connectionName)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .reconnectJitter(RECONNECT_JITTER)
                .reconnectJitterTls(RECONNECT_JITTER)
                .connectionListener(listener == null ? log : (connection, event) -> {
                    log.connectionEvent(connection, event);
                    listener.connectionEvent(connection, event);
                })
                .errorListener(log);
        try {
            builder.servers(nats.servers().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InvalidNatsSettingsException("sluice.nats.url is not a list of NATS server URLs ("
                    + nats.redactedServers() + "): " + e.getMessage(), e);
        }
        if (nats.user() != null) {
            builder.userInfo(nats.user(), nats.password() == null ? "" : nats.password());
        } else if (nats.token() != null) {
            builder.token(nats.token().toCharArray());
        } else if (nats.credentials() != null) {
            builder.credentialPath(readable("sluice.nats.credentials", nats.credentials()).toString());
        }
        if (nats.tls().caFile() != null) {
            builder.sslContext(trusting(readable("sluice.nats.tls.ca-file", nats.tls().caFile())));
        } else if (nats.tls().enabled()) {
            try {
                builder.sslContext(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidNatsSettingsException("sluice.nats.tls.enabled: this JVM has no default TLS context", e);
            }
        }
        return builder;
    }

    /**
     * Connects, and returns once connected: a start without NATS waits here, retrying, until it
     * answers (the workers: they have nothing to do without it).
     */
    public static Connection connect(NatsProperties nats, String connectionName, ConnectionListener listener)
            throws IOException, InterruptedException {
        return Nats.connectReconnectOnConnect(options(nats, connectionName, listener));
    }

    /**
     * Connects, or else goes on trying in the background: returns the connection once a first
     * attempt over the server list is over, connected or not (the api-service: it serves its REST
     * API without NATS and distributes once NATS answers).
     * @param listener            told of the events after the connection was handed over (those before
     *                            happen while the caller waits for it); or null
     * @param firstAttemptTimeout the longest waiting for a connection in the background may take
     */
    public static Connection connectInBackground(NatsProperties nats, String connectionName, ConnectionListener listener,
            Duration firstAttemptTimeout) throws InterruptedException {
        ConnectionLog log = new ConnectionLog();
        // First every server of the list once, in the caller's thread: the background connection
        // hands itself over on its first event, which may be the failure of the first server only.
        AtomicBoolean connected = new AtomicBoolean();
        try {
            Connection connection = Nats.connect(builder(nats, connectionName, log, (c, event) -> {
                // A connection's only CONNECTED event is the one of this attempt: later ones are RECONNECTED.
                if (connected.get() && event != ConnectionListener.Events.CONNECTED && listener != null) {
                    listener.connectionEvent(c, event);
                }
            }).build());
            connected.set(true);
            return connection;
        } catch (IOException unreachable) {
            // Logged by the connection log; now keep trying in the background.
        }
        CompletableFuture<Connection> first = new CompletableFuture<>();
        Nats.connectAsynchronously(builder(nats, connectionName, log, (connection, event) -> {
            if (!first.complete(connection) && listener != null) {
                listener.connectionEvent(connection, event);
            }
        }).build(), true);
        try {
            return first.get(firstAttemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("No NATS connection attempt to " + nats.redactedServers() + " finished in "
                    + firstAttemptTimeout, e);
        }
    }

    private static Path readable(String setting, String file) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new InvalidNatsSettingsException(setting + ": cannot read " + path.toAbsolutePath(), null);
        }
        return path;
    }

    /** A TLS context trusting the certificate authorities of a PEM file (one or more certificates). */
    static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> authorities = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (authorities.isEmpty()) {
                throw new InvalidNatsSettingsException("sluice.nats.tls.ca-file: no certificate in " + caFile, null);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate authority : authorities) {
                trusted.setCertificateEntry("ca-" + i++, authority);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidNatsSettingsException("sluice.nats.tls.ca-file: cannot read the certificates in " + caFile
                    + ": " + e.getMessage(), e);
        }
    }

    /** The NATS settings name a file that cannot be read, or something that is not a server URL. */
    public static final class InvalidNatsSettingsException extends IllegalArgumentException {

        InvalidNatsSettingsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
