package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter stream the api-service creates (a pipeline's dead-letter page visited before any
 * worker made it) gets {@code sluice.nats.replicas} copies, like the workers' streams.
 */
@RealServers(RealServer.NATS)
class DeadLetterStreamReplicasIntegrationTests {

    private Connection connection;

    private NatsNames names;

    @BeforeEach
    void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        connection = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
    }

    @AfterEach
    void close() throws InterruptedException {
        connection.close();
    }

    @Test
    void theDeadLetterStreamHasOneReplicaByDefault() throws Exception {
        queue(NatsReplicas.ONE).newest("orders", 10, null);

        assertThat(connection.jetStreamManagement().getStreamInfo(names.deadLetterStream("orders")).getConfiguration()
                .getReplicas()).isEqualTo(1);
    }

    @Test
    void threeReplicasOnASingleServerAreRefusedNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> queue(new NatsReplicas(3)).newest("clicks", 10, null))
                .isInstanceOf(DeadLetterStreamUnavailableException.class)
                .hasMessage("Could not read the dead letters of pipeline 'clicks': NATS refused 3 replicas for stream "
                        + names.deadLetterStream("clicks") + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThatThrownBy(() -> connection.jetStreamManagement().getStreamInfo(names.deadLetterStream("clicks")))
                .isInstanceOf(JetStreamApiException.class);
    }

    private JetStreamDeadLetterQueue queue(NatsReplicas replicas) {
        return new JetStreamDeadLetterQueue(connection, names,
                new PipelineStreams(connection, names, new StreamLimits(Duration.ofHours(1), 16L * 1024 * 1024,
                        Duration.ofMinutes(2)), replicas), new KvReplayCounts(connection, names.deadLetterReplaysBucket(), 1));
    }
}
