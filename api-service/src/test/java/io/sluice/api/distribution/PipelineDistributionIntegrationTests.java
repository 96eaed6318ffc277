package io.sluice.api.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueStatus;
import io.sluice.api.ApiTestProperties;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.NatsHealthIndicator;
import io.sluice.testsupport.ActuatorClient;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryPipelines.class)
class PipelineDistributionIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineDistributionIntegrationTests.class);

    static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @Autowired
    PipelineDistributor distributor;

    @Autowired
    Connection connection;

    @Autowired
    NatsHealthIndicator natsHealth;

    @LocalServerPort
    int port;

    final NatsNames names = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    WorkerView worker;

    @BeforeEach
    void watchLikeAWorker() throws Exception {
        worker = WorkerView.watching(names.definitionsBucket());
    }

    @AfterEach
    void stopWatching() throws Exception {
        worker.close();
    }

    @Test
    void workersSeeADefinitionAndItsDesiredStateWithinASecondOfPublish() {
        distributor.publish(TestPipelines.definition("orders"), DesiredState.RUNNING, 1);

        await().atMost(WITHIN_A_SECOND).until(() -> worker.control("orders") != null);
        PipelineControl control = worker.control("orders");
        assertThat(control.definition()).isEqualTo(TestPipelines.definition("orders"));
        assertThat(control.desiredState()).isEqualTo(DesiredState.RUNNING);
        assertThat(control.revision()).isEqualTo(1);
    }

    @Test
    void workersSeeEachChangeOfDesiredStateWithinASecond() {
        distributor.publish(TestPipelines.definition("clicks"), DesiredState.RUNNING, 1);
        await().atMost(WITHIN_A_SECOND).until(() -> worker.control("clicks") != null);

        distributor.publish(TestPipelines.definition("clicks"), DesiredState.PAUSED, 2);
        await().atMost(WITHIN_A_SECOND).until(() -> worker.control("clicks").desiredState() == DesiredState.PAUSED);

        distributor.publish(TestPipelines.definition("clicks"), DesiredState.STOPPED, 3);
        await().atMost(WITHIN_A_SECOND).until(() -> worker.control("clicks").desiredState() == DesiredState.STOPPED);
        assertThat(worker.control("clicks").revision()).isEqualTo(3);
    }

    @Test
    void workersFindTheSecretsInClearInTheBucketOnly() throws Exception {
        distributor.publish(TestPipelines.definition("secrets"), DesiredState.RUNNING, 1);

        KeyValue kv = connection.keyValue(names.definitionsBucket());
        await().atMost(WITHIN_A_SECOND).until(() -> kv.get("secrets") != null);
        String value = new String(kv.get("secrets").getValue(), StandardCharsets.UTF_8);
        assertThat(value).contains("kafka-secret-secrets", "clickhouse-secret-secrets");
    }

    @Test
    void removeLeavesNoValueAndWorkersSeeTheDelete() throws Exception {
        distributor.publish(TestPipelines.definition("doomed"), DesiredState.RUNNING, 1);
        await().atMost(WITHIN_A_SECOND).until(() -> worker.control("doomed") != null);

        distributor.remove("doomed");

        await().atMost(WITHIN_A_SECOND).until(() -> worker.sawDeleteOf("doomed"));
        assertThat(connection.keyValue(names.definitionsBucket()).get("doomed")).isNull();
        assertThat(connection.keyValue(names.definitionsBucket()).keys()).doesNotContain("doomed");
    }

    @Test
    void bucketsAreCreatedWithBoundedValuesAndStatusExpires() throws Exception {
        KeyValueStatus definitions = connection.keyValueManagement().getBucketInfo(names.definitionsBucket());
        KeyValueStatus status = connection.keyValueManagement().getBucketInfo(names.statusBucket());

        assertThat(definitions.getMaxHistoryPerKey()).isEqualTo(1);
        assertThat(definitions.getMaximumValueSize()).isEqualTo(ControlBuckets.MAX_DEFINITION_BYTES);
        assertThat(status.getTtl()).isEqualTo(ControlBuckets.STATUS_TTL);
        assertThat(status.getMaximumValueSize()).isEqualTo(ControlBuckets.MAX_STATUS_BYTES);
    }

    @Test
    void natsHealthIsUpWhenConnectedWithBothBuckets() {
        Health health = natsHealth.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("connection", "CONNECTED")
                .containsEntry("definitionsBucket", names.definitionsBucket())
                .containsEntry("distributionPending", 0);
        assertThat(ActuatorClient.onLocalPort(port).healthStatus()).isEqualTo("UP");
    }
}
