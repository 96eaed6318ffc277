package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import io.sluice.api.config.ApiProperties;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A dead-letter stream the api-service creates (its page visited before any worker ran the
 * pipeline) is the stream the workers create: when a worker then starts the pipeline and brings the
 * stream to its settings, nothing changes. Against the real NATS server.
 */
@RealServers(RealServer.NATS)
class DeadLetterStreamConfigurationIntegrationTests {

    /** The workers' defaults, as WorkerRuntimePropertiesTests (worker-runtime) pins them. */
    private static final StreamLimits WORKER_DEFAULTS = new StreamLimits(Duration.ofDays(7), StreamLimits.NO_BYTE_LIMIT,
            Duration.ofMinutes(10));

    private Connection connection;

    private JetStreamManagement jsm;

    private NatsNames names;

    private String pipeline;

    @BeforeEach
    void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        connection = Nats.connect(endpoints.natsUrl());
        jsm = connection.jetStreamManagement();
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "same-config-" + System.nanoTime();
    }

    @AfterEach
    void close() throws Exception {
        for (String stream : new String[] { names.dataStream(pipeline), names.deadLetterStream(pipeline) }) {
            try {
                jsm.deleteStream(stream);
            }
            catch (Exception ignored) {
                // not created by this test
            }
        }
        connection.close();
    }

    @Test
    void withDefaultSettingsTheApiCreatesTheDeadLetterStreamTheWorkersKeep() throws Exception {
        queue(apiSettings(Map.of())).newest(pipeline, 10, null);
        StreamConfiguration createdByTheApi = deadLetterStream();

        new PipelineStreams(connection, names, WORKER_DEFAULTS).ensureStreams(pipeline);

        assertThat(deadLetterStream().toJson()).isEqualTo(createdByTheApi.toJson());
        assertThat(createdByTheApi.getMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(createdByTheApi.getMaxBytes()).as("no byte limit: nothing reserved").isEqualTo(-1);
        assertThat(createdByTheApi.getMaxMsgs()).isEqualTo(100_000);
        // Before, the api-service left it at JetStream's 2 minutes and the workers raised it.
        assertThat(createdByTheApi.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(createdByTheApi.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
    }

    @Test
    void theApiReadsTheWorkersStreamSettingsSoTheSameEnvironmentMakesTheSameStream() throws Exception {
        queue(apiSettings(Map.of("sluice.worker.stream-max-age", "3d", "sluice.worker.stream-max-bytes", "1048576",
                "sluice.worker.duplicate-window", "30s"))).newest(pipeline, 10, null);
        StreamConfiguration createdByTheApi = deadLetterStream();

        new PipelineStreams(connection, names, new StreamLimits(Duration.ofDays(3), 1048576, Duration.ofSeconds(30)))
                .ensureStreams(pipeline);

        assertThat(deadLetterStream().toJson()).isEqualTo(createdByTheApi.toJson());
        assertThat(createdByTheApi.getMaxAge()).isEqualTo(Duration.ofDays(3));
    }

    private StreamConfiguration deadLetterStream() throws Exception {
        return jsm.getStreamInfo(names.deadLetterStream(pipeline)).getConfiguration();
    }

    private DeadLetterQueue queue(ApiProperties properties) {
        return new DeadLetterConfiguration().deadLetterQueue(connection, names, properties,
                new KvReplayCounts(connection, names.deadLetterReplaysBucket(), 1));
    }

    private static ApiProperties apiSettings(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("sluice.nats.url", "nats://127.0.0.1:4222");
        all.put("sluice.security.admin-username", "admin");
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("sluice", ApiProperties.class);
    }
}
