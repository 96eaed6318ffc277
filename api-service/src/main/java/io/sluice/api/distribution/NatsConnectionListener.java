package io.sluice.api.distribution;

import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Logs the NATS connection's state changes (once per change, not once per failed reconnect
 * attempt), hands the connection over on its first event, and announces every (re)connection so
 * the definitions are republished: the server may have come back with an empty store.
 */
final class NatsConnectionListener implements ConnectionListener, ErrorListener {

    private static final Logger log = LoggerFactory.getLogger(NatsConnectionListener.class);

    private final String server;

    private final ApplicationEventPublisher events;

    private final CompletableFuture<Connection> first;

    private volatile Events lastLogged;

    NatsConnectionListener(String server, ApplicationEventPublisher events, CompletableFuture<Connection> first) {
        this.server = server;
        this.events = events;
        this.first = first;
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        // The first event hands the connection to the bean method, still inside the context's start-up:
        // no application event then (the start-up republish covers it), only for later connections.
        boolean handover = first.complete(connection);
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                log.info("NATS {} ({})", event == Events.CONNECTED ? "connected" : "reconnected", server);
                lastLogged = event;
                if (!handover) {
                    events.publishEvent(new NatsConnected());
                }
            }
            case DISCONNECTED -> {
                if (lastLogged != Events.DISCONNECTED) {
                    log.warn("NATS disconnected ({}); reconnecting in the background", server);
                    lastLogged = event;
                }
            }
            case CLOSED -> log.info("NATS connection closed");
            default -> log.debug("NATS connection event {}", event);
        }
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        log.warn("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        // Every failed reconnect attempt lands here; the state change above is logged once.
        log.debug("NATS connection problem: {}", exception.toString());
    }

    /** NATS is (again) reachable. */
    record NatsConnected() {
    }
}
