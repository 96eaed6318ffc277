package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.ConnectionListener.Events;
import org.junit.jupiter.api.Test;

/** One line per state change, however many reconnect attempts an outage takes. */
class ConnectionLogTests {

    private final List<String> lines = new ArrayList<>();

    private final ConnectionLog log = new ConnectionLog(line -> lines.add("INFO " + line),
            line -> lines.add("WARN " + line));

    @Test
    void anOutageIsOneWarningAndTheReconnectionOneLine() {
        log.record(Events.CONNECTED, "nats://a:4222");
        log.record(Events.DISCONNECTED, null);
        for (int attempt = 0; attempt < 20; attempt++) {
            log.exception(new ConnectException("Connection refused"), false);
        }
        log.record(Events.RECONNECTED, "nats://b:4222");

        assertThat(lines).containsExactly("INFO NATS connected to nats://a:4222",
                "WARN NATS disconnected; reconnecting in the background", "INFO NATS reconnected to nats://b:4222");
    }

    @Test
    void aStartWithoutNatsWarnsOnceWithTheReason() {
        for (int attempt = 0; attempt < 5; attempt++) {
            log.exception(new IOException("Unable to connect to NATS servers: [nats://a:4222]"), false);
        }

        assertThat(lines).containsExactly(
                "WARN NATS not reachable (java.io.IOException: Unable to connect to NATS servers: [nats://a:4222]); retrying in the background");
    }

    @Test
    void eachOutageWarnsAgain() {
        log.record(Events.DISCONNECTED, null);
        log.record(Events.RECONNECTED, "nats://a:4222");
        log.record(Events.DISCONNECTED, null);

        assertThat(lines).filteredOn(line -> line.startsWith("WARN")).hasSize(2);
    }

    @Test
    void aServerErrorRepeatedByEveryAttemptIsLoggedOnce() {
        for (int attempt = 0; attempt < 5; attempt++) {
            log.errorOccurred(null, "Authorization Violation");
        }

        assertThat(lines).containsExactly("WARN NATS error: Authorization Violation");
    }

    @Test
    void theConnectedServerIsLoggedWithoutItsPassword() {
        log.record(Events.CONNECTED, "nats://sluice:secret@a:4222");

        assertThat(lines).containsExactly("INFO NATS connected to nats://a:4222");
    }

    @Test
    void anExceptionWhileConnectedIsNoOutage() {
        log.exception(new IOException("slow consumer"), true);
        log.record(Events.DISCONNECTED, null);

        assertThat(lines).containsExactly("WARN NATS disconnected; reconnecting in the background");
    }
}
