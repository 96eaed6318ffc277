package io.sluice.api.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.sluice.api.ApiApplication;
import io.sluice.api.ApiTestProperties;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** PostgreSQL is the source of truth: a wiped definitions bucket gets every pipeline back. */
@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InMemoryPipelines.class)
class PipelineRepublishIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(PipelineRepublishIntegrationTests.class);

    static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @Autowired
    InMemoryPipelines pipelines;

    @Autowired
    PipelineDistributor distributor;

    @Autowired
    PipelineRepublisher republisher;

    @Autowired
    Connection connection;

    final NatsNames names = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    @Test
    void restartAfterTheBucketWasWipedRepublishesEveryDefinition() throws Exception {
        save("wiped-a", DesiredState.RUNNING, 3);
        save("wiped-b", DesiredState.PAUSED, 5);
        await().atMost(WITHIN_A_SECOND).until(() -> stored("wiped-a") != null && stored("wiped-b") != null);

        connection.keyValueManagement().delete(names.definitionsBucket());

        try (ConfigurableApplicationContext restarted = startAnotherApiService()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stored("wiped-a") != null && stored("wiped-b") != null);
            assertThat(stored("wiped-a").desiredState()).isEqualTo(DesiredState.RUNNING);
            assertThat(stored("wiped-a").revision()).isEqualTo(3);
            assertThat(stored("wiped-a").definition()).isEqualTo(TestPipelines.definition("wiped-a"));
            assertThat(stored("wiped-b").desiredState()).isEqualTo(DesiredState.PAUSED);
        }
    }

    @Test
    void bucketWipedWhileRunningComesBackWithEveryDefinitionAtTheNextChange() throws Exception {
        save("running-a", DesiredState.RUNNING, 1);
        save("running-b", DesiredState.STOPPED, 2);
        await().atMost(WITHIN_A_SECOND).until(() -> stored("running-a") != null && stored("running-b") != null);

        connection.keyValueManagement().delete(names.definitionsBucket());
        save("running-c", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> stored("running-a") != null && stored("running-b") != null && stored("running-c") != null);
        assertThat(stored("running-b").desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void republishRemovesValuesOfPipelinesPostgresNoLongerHas() throws Exception {
        save("alive", DesiredState.RUNNING, 1);
        // A pipeline deleted while NATS was unreachable and the api-service restarted: its value stayed.
        definitions().put("ghost", ControlJson.write(
                new PipelineControl(TestPipelines.definition("ghost"), DesiredState.RUNNING, 1, Instant.now())));

        republisher.republishNow("test");

        assertThat(definitions().get("ghost")).isNull();
        assertThat(stored("alive")).isNotNull();
    }

    @Test
    void republishLeavesUnchangedValuesAlone() throws Exception {
        save("steady", DesiredState.RUNNING, 4);
        await().atMost(WITHIN_A_SECOND).until(() -> stored("steady") != null);
        long revision = definitions().get("steady").getRevision();

        republisher.republishNow("test");

        // Workers watching the bucket see no update for a pipeline that did not change.
        assertThat(definitions().get("steady").getRevision()).isEqualTo(revision);
    }

    private void save(String id, DesiredState state, long revision) {
        pipelines.save(new DistributablePipeline(TestPipelines.definition(id), state, revision));
        distributor.publish(TestPipelines.definition(id), state, revision);
    }

    private KeyValue definitions() throws Exception {
        return connection.keyValue(names.definitionsBucket());
    }

    private PipelineControl stored(String id) {
        try {
            var entry = definitions().get(id);
            return entry == null ? null : ControlJson.readControl(entry.getValue());
        } catch (Exception e) {
            return null; // the bucket is not back yet
        }
    }

    /** A second api-service on the same PostgreSQL schema and NATS prefix, as after a restart. */
    private ConfigurableApplicationContext startAnotherApiService() {
        List<String> arguments = new ArrayList<>();
        ApiTestProperties.register((name, value) -> arguments.add("--" + name + "=" + value.get()), NAMESPACE);
        arguments.add("--server.port=0");
        return new SpringApplicationBuilder(ApiApplication.class)
                // Primary, as in this class's own context: it stands in for the PostgreSQL catalog.
                .initializers(context -> ((GenericApplicationContext) context).registerBean("inMemoryPipelines",
                        InMemoryPipelines.class, () -> pipelines, definition -> definition.setPrimary(true)))
                .run(arguments.toArray(String[]::new));
    }
}
