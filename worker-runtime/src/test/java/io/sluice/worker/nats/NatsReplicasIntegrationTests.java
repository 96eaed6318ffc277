package io.sluice.worker.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.nats.CasBucket;
import io.sluice.nats.JetStreamErrors;
import io.sluice.nats.PipelineStreams;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.WorkerRuntimeAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * {@code sluice.nats.replicas} as the workers apply it, against the machine's single NATS server:
 * one replica by default, and a clear refusal naming the setting when more are asked of a server
 * that cannot hold them (instead of a stream silently kept at one copy).
 */
@RealServers(RealServer.NATS)
class NatsReplicasIntegrationTests {

    private ApplicationContextRunner context;
    private NatsNames names;
    private Connection nats;

    @BeforeEach
    void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        context = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, WorkerRuntimeAutoConfiguration.class))
                .withPropertyValues("sluice.nats.url=" + endpoints.natsUrl(), "sluice.nats.prefix=" + namespace.natsPrefix());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        nats = Nats.connect(endpoints.natsUrl());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        nats.close();
    }

    @Test
    void provisioningWithThreeReplicasOnASingleServerIsRefusedNamingTheSetting() throws Exception {
        String pipeline = "refused-" + System.nanoTime();
        context.withPropertyValues("sluice.nats.replicas=3").run(run -> {
            PipelineStreams provisioner = run.getBean(PipelineStreams.class);
            assertThatThrownBy(() -> provisioner.ensureStreams(pipeline))
                    .hasMessage("NATS refused 3 replicas for stream " + names.dataStream(pipeline)
                            + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        });
        assertThat(streamExists(names.dataStream(pipeline))).isFalse();
    }

    @Test
    void streamsAreCreatedWithOneReplicaByDefault() {
        String pipeline = "default-" + System.nanoTime();
        context.run(run -> run.getBean(PipelineStreams.class).ensureStreams(pipeline));
        JetStreamManagement jsm = jsm();
        assertThat(replicas(jsm, names.dataStream(pipeline))).isEqualTo(1);
        assertThat(replicas(jsm, names.deadLetterStream(pipeline))).isEqualTo(1);
    }

    @Test
    void anExistingOneReplicaStreamIsNotRaisedToThreeOnASingleServer() throws Exception {
        String pipeline = "raised-" + System.nanoTime();
        context.run(run -> run.getBean(PipelineStreams.class).ensureStreams(pipeline));
        // Asked directly, this server would accept the update and report 3 replicas while keeping 1.
        context.withPropertyValues("sluice.nats.replicas=3").run(run -> assertThatThrownBy(
                () -> run.getBean(PipelineStreams.class).ensureStreams(pipeline))
                .isInstanceOf(NatsReplicas.ReplicasRefusedException.class)
                .hasMessage("NATS refused 3 replicas for stream " + names.dataStream(pipeline)
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)"));
        assertThat(replicas(jsm(), names.dataStream(pipeline))).isEqualTo(1);
    }

    @Test
    void bucketsAreCreatedWithOneReplicaByDefaultAndRefusedThreeOnASingleServer() throws Exception {
        String bucket = names.sinkProgressBucket();
        CasBucket.open(nats, bucket, "replicas test", null, NatsReplicas.ONE).put("lane", new byte[] {1});
        KeyValueManagement kvm = nats.keyValueManagement();
        assertThat(kvm.getStatus(bucket).getReplicas()).isEqualTo(1);

        assertThatThrownBy(() -> CasBucket.open(nats, bucket, "replicas test", null, new NatsReplicas(3)))
                .hasMessage("NATS refused 3 replicas for KV bucket " + bucket
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThat(kvm.getStatus(bucket).getReplicas()).isEqualTo(1);

        String fresh = names.dedupLanesBucket();
        assertThatThrownBy(() -> CasBucket.open(nats, fresh, "replicas test", null, new NatsReplicas(3)))
                .hasMessage("NATS refused 3 replicas for KV bucket " + fresh
                        + ": a single server holds only 1 (set SLUICE_NATS_REPLICAS=1)");
        assertThatThrownBy(() -> kvm.getStatus(fresh)).isInstanceOf(JetStreamApiException.class);
    }

    private JetStreamManagement jsm() {
        try {
            return nats.jetStreamManagement();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int replicas(JetStreamManagement jsm, String stream) {
        try {
            return jsm.getStreamInfo(stream).getConfiguration().getReplicas();
        } catch (java.io.IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean streamExists(String stream) throws Exception {
        try {
            nats.jetStreamManagement().getStreamInfo(stream);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
