package io.sluice.api.distribution;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Announces every (re)connection to NATS after the connection was handed to the context, so the
 * definitions are republished: the server may have come back with an empty store. Before, the
 * start-up republish covers it. (nats-support's connection logs the events.)
 */
final class NatsConnectionListener implements ConnectionListener {

    private final ApplicationEventPublisher events;

    NatsConnectionListener(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        if (event == Events.CONNECTED || event == Events.RECONNECTED) {
            events.publishEvent(new NatsConnected());
        }
    }

    /** NATS is (again) reachable. */
    record NatsConnected() {
    }
}
