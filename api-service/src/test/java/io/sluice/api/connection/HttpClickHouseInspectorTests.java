package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

class HttpClickHouseInspectorTests {

    @Test
    void aKeptAliveConnectionClosedBeforeAnyAnswerIsToldApartFromARealFailure() {
        // What the JDK client throws when ClickHouse closed an idle connection as the request went out.
        assertThat(HttpClickHouseInspector.closedBeforeAnswering(new IOException("HTTP/1.1 header parser received no bytes",
                new EOFException("EOF reached while reading")))).isTrue();
        assertThat(HttpClickHouseInspector.closedBeforeAnswering(new IOException("HTTP/1.1 header parser received no bytes")))
                .isTrue();

        assertThat(HttpClickHouseInspector.closedBeforeAnswering(new ConnectException("Connection refused"))).isFalse();
        assertThat(HttpClickHouseInspector.closedBeforeAnswering(new IOException("Connection reset by peer"))).isFalse();
    }
}
