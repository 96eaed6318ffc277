package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Connecting to the real NATS server through a list in which a dead server comes first: the
 * connection fails over to the next one at connect, and the health shows where it is connected.
 */
@RealServers(RealServer.NATS)
class NatsConnectionsIntegrationTests {

    // Nothing listens on port 1.
    private static final String DEAD = "nats://127.0.0.1:1";

    private Connection connection;

    @AfterEach
    void close() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void failsOverFromADeadFirstServerToTheNextAtConnect(LocalEndpoints endpoints) throws Exception {
        List<Events> events = new CopyOnWriteArrayList<>();
        NatsProperties nats = NatsProperties.of(DEAD + "," + endpoints.natsUrl(), "", 1);
        // In the order given (the services shuffle the list, spreading clients over a cluster), so
        // the dead server is certainly tried first.
        Options options = NatsConnections.builder(nats, "sluice-failover-test", new ConnectionLog(), (c, event) -> events.add(event))
                .noRandomize().build();

        connection = Nats.connect(options);

        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(connection.getConnectedUrl()).isEqualTo(endpoints.natsUrl());
        // The dead server's failure, then the connection to the live one (events arrive on their own thread).
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events).containsExactly(Events.DISCONNECTED, Events.CONNECTED));
    }

    @Test
    void theWorkersConnectionReachesTheLiveServerOfTheList(LocalEndpoints endpoints) throws Exception {
        connection = NatsConnections.connect(NatsProperties.of(DEAD + "," + endpoints.natsUrl(), "", 1),
                "sluice-failover-test", null);

        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(connection.getConnectedUrl()).isEqualTo(endpoints.natsUrl());
        assertThat(connection.jetStreamManagement().getAccountStatistics()).isNotNull();
    }

    @Test
    void theApiServicesConnectionIsHandedOverConnectedWhenALaterServerOfTheListAnswers(LocalEndpoints endpoints)
            throws Exception {
        List<Events> afterHandover = new CopyOnWriteArrayList<>();
        NatsProperties nats = NatsProperties.of(DEAD + "," + DEAD.replace(":1", ":2") + "," + endpoints.natsUrl(), "", 1);

        connection = NatsConnections.connectInBackground(nats, "sluice-failover-test", (c, event) -> afterHandover.add(event),
                Duration.ofSeconds(30));

        assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(connection.getConnectedUrl()).isEqualTo(endpoints.natsUrl());
        assertThat(afterHandover).isEmpty();
    }

    @Test
    void theApiServicesConnectionIsHandedOverAfterAFailedFirstAttempt() throws Exception {
        connection = NatsConnections.connectInBackground(NatsProperties.of(DEAD + "," + DEAD.replace(":1", ":2"), "", 1),
                "sluice-unreachable-test", null, Duration.ofSeconds(30));

        assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
        assertThat(new NatsHealthIndicator(connection).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void healthIsUpWithTheConnectedServerAndDownOnceClosed(LocalEndpoints endpoints) throws Exception {
        connection = NatsConnections.connect(NatsProperties.of(endpoints.natsUrl(), "", 1), "sluice-health-test", null);
        NatsHealthIndicator health = new NatsHealthIndicator(connection);

        Health up = health.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("connection", "CONNECTED")
                .containsEntry("server", endpoints.natsUrl());

        connection.close();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void healthIsDownWhileTheServiceIsNotReadyThoughConnected(LocalEndpoints endpoints) throws Exception {
        connection = NatsConnections.connect(NatsProperties.of(endpoints.natsUrl(), "", 1), "sluice-health-test", null);
        NatsHealthIndicator health = new NatsHealthIndicator(connection, () -> false, () -> java.util.Map.of("bucket", "x"));

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("connection", "CONNECTED").containsEntry("bucket", "x");
    }
}
