package io.sluice.nats;

import java.util.Objects;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a NATS connection's state changes once each, not once per failed reconnect attempt: while
 * NATS is away a client retries every few seconds, and each attempt reports an exception (and,
 * with wrong credentials, a server error). The first of those after a connection is lost (or at a
 * start without NATS) is a warning; the rest wait, at debug level, until the connection is back.
 */
final class ConnectionLog implements ConnectionListener, ErrorListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLog.class);

    private final Consumer<String> info;

    private final Consumer<String> warn;

    // Whether a warning about this outage was logged already; reset when connected.
    private boolean outageLogged;

    // The last server error logged since the connection was (re)established.
    private String lastError;

    ConnectionLog() {
        this(log::info, log::warn);
    }

    ConnectionLog(Consumer<String> info, Consumer<String> warn) {
        this.info = Objects.requireNonNull(info);
        this.warn = Objects.requireNonNull(warn);
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        record(event, connection.getConnectedUrl());
    }

    synchronized void record(Events event, String connectedUrl) {
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                info.accept("NATS " + (event == Events.CONNECTED ? "connected" : "reconnected") + " to "
                        + NatsProperties.redacted(connectedUrl));
                outageLogged = false;
                lastError = null;
            }
            case DISCONNECTED -> outage("NATS disconnected; reconnecting in the background");
            case CLOSED -> info.accept("NATS connection closed");
            case LAME_DUCK -> info.accept("NATS server " + NatsProperties.redacted(connectedUrl)
                    + " is shutting down (lame duck mode); the connection moves to another server");
            default -> log.debug("NATS connection event {}", event);
        }
    }

    @Override
    public synchronized void errorOccurred(Connection connection, String error) {
        // A server error repeats with every reconnect attempt (a wrong password): say it once.
        if (!Objects.equals(error, lastError)) {
            warn.accept("NATS error: " + error);
            lastError = error;
        } else {
            log.debug("NATS error again: {}", error);
        }
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        exception(exception, connection.getStatus() == Connection.Status.CONNECTED);
    }

    synchronized void exception(Exception exception, boolean connected) {
        if (connected) {
            log.debug("NATS connection problem: {}", exception.toString());
            return;
        }
        // Every failed (re)connect attempt lands here: the first one of an outage is worth a warning,
        // it says why (refused, unknown host, TLS handshake).
        outage("NATS not reachable (" + exception + "); retrying in the background");
    }

    private void outage(String message) {
        if (outageLogged) {
            log.debug(message);
        } else {
            warn.accept(message);
            outageLogged = true;
        }
    }
}
