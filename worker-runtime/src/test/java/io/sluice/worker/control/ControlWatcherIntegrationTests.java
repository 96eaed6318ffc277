package io.sluice.worker.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.ReplicaHeartbeat;
import io.sluice.model.control.WorkerState;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.status.StatusReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives a replica through a pipeline's lifecycle by writing control values into the real
 * definitions bucket, as the api-service does, and reads its heartbeats from the real status bucket.
 */
@RealServers(RealServer.NATS)
class ControlWatcherIntegrationTests {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    // What the "weakened" pipeline's work says at its next heartbeat.
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Connection nats;
    private NatsNames names;
    private KeyValue definitions;
    private KeyValue status;
    private ControlWatcher watcher;
    private StatusReporter reporter;

    @BeforeEach
    void startReplica(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(names.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(names.statusBucket()).maxHistoryPerKey(1).ttl(Duration.ofMinutes(1)).build());
        definitions = nats.keyValue(names.definitionsBucket());
        status = nats.keyValue(names.statusBucket());

        startWatcherAndReporter();
    }

    private void startWatcherAndReporter() {
        PipelineHost host = new PipelineHost(new RecordingFactory());
        watcher = new ControlWatcher(nats, names.definitionsBucket(), host);
        reporter = new StatusReporter(nats, names.statusBucket(), Component.SINK, "replica-a", Duration.ofMillis(100), host,
                Clock.systemUTC());
        watcher.start();
        reporter.start();
    }

    @AfterEach
    void removeBuckets() throws Exception {
        watcher.stop();
        reporter.stop();
        nats.keyValueManagement().delete(names.definitionsBucket());
        nats.keyValueManagement().delete(names.statusBucket());
        nats.close();
    }

    @Test
    void startsPausesResumesAndStopsAsTheDesiredStateChanges() throws Exception {
        publish("orders", DesiredState.RUNNING, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("start orders"));
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("orders")));

        publish("orders", DesiredState.PAUSED, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.PAUSED.equals(state("orders")));

        publish("orders", DesiredState.RUNNING, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("orders")));

        definitions.delete("orders");
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("stop orders"));
        await().atMost(Duration.ofSeconds(5)).until(() -> statusEntry("orders") == null);

        assertThat(calls).containsExactly("start orders", "pause orders", "resume orders", "stop orders");
    }

    @Test
    void picksUpPipelinesThatWereRunningBeforeTheReplicaStarted() throws Exception {
        watcher.stop();
        publish("clicks", DesiredState.RUNNING, 7);
        PipelineHost host = new PipelineHost(new RecordingFactory());
        watcher = new ControlWatcher(nats, names.definitionsBucket(), host);

        watcher.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("start clicks"));
    }

    @Test
    void reportsAPipelineThatCannotStartAsFailedWithTheReason() throws Exception {
        publish("broken", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.FAILED.equals(state("broken")));
        WorkerStatus reported = ControlJson.readStatus(statusEntry("broken").getValue());
        assertThat(reported.lastError()).isEqualTo("table events.broken does not exist");
        assertThat(reported.replicaId()).isEqualTo("replica-a");
        assertThat(reported.component()).isEqualTo(Component.SINK);
    }

    @Test
    void namesTheNatsServerItWorksWithByItsUrlWhenTheServerHasNoNameOfItsOwn() throws Exception {
        // The machine's NATS runs without server_name: it would report its 56-character id as its name.
        assertThat(nats.getServerInfo().getServerName()).isEqualTo(nats.getServerInfo().getServerId());
        publish("named", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("named")));
        WorkerStatus reported = ControlJson.readStatus(statusEntry("named").getValue());
        assertThat(reported.servers()).containsEntry("nats", nats.getConnectedUrl());
    }

    @Test
    void reportsTheWarningsOfAPipelineThatRunsWithAWeakenedGuaranteeAndDropsThemOnceGone() throws Exception {
        warnings.add("table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)");
        publish("weakened", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> reported("weakened").warnings().size() == 1);
        WorkerStatus reported = reported("weakened");
        assertThat(reported.state()).isEqualTo(WorkerState.RUNNING);
        assertThat(reported.lastError()).isNull();
        assertThat(reported.warnings())
            .containsExactly("table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)");

        publish("weakened", DesiredState.PAUSED, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.PAUSED.equals(reported("weakened").state()));
        assertThat(reported("weakened").warnings()).hasSize(1);

        warnings.clear();
        await().atMost(Duration.ofSeconds(5)).until(() -> reported("weakened").warnings().isEmpty());
    }

    @Test
    void workWhoseWarningsCannotBeToldStillReportsItsStateAndSaysSo() throws Exception {
        publish("unsure", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("unsure")));
        assertThat(reported("unsure").warnings())
            .containsExactly("could not tell whether a guarantee is weakened: Redis INFO timed out");
    }

    @Test
    void reportsNoWarningsForWorkThatDeclaresNone() throws Exception {
        publish("plain", DesiredState.RUNNING, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("plain")));
        assertThat(reported("plain").warnings()).isEmpty();
        assertThat(new String(statusEntry("plain").getValue(), StandardCharsets.UTF_8))
            .contains("\"warnings\":[]");
    }

    @Test
    void anIdlePipelinesReportIsNotRewrittenAtEachHeartbeatTheReplicasOneHeartbeatKeepsItCurrent() throws Exception {
        // The bucket as the api-service makes it since 2026-12-06 (20 minutes): reports written when
        // they change, and otherwise every 5 minutes.
        reporter.stop();
        watcher.stop();
        nats.keyValueManagement().update(KeyValueConfiguration.builder().name(names.statusBucket()).maxHistoryPerKey(1)
                .ttl(Duration.ofMinutes(20)).build());
        startWatcherAndReporter();
        publish("idle", DesiredState.RUNNING, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerState.RUNNING.equals(state("idle")));
        Thread.sleep(500); // the report once more after its change, then it is at rest

        List<String> written = new CopyOnWriteArrayList<>();
        var subscription = nats.createDispatcher(message -> written.add(message.getSubject()));
        String reportSubject = "$KV." + names.statusBucket() + ".idle.sink.replica-a";
        String heartbeatSubject = "$KV." + names.statusBucket() + "._replicas.sink.replica-a";
        subscription.subscribe(reportSubject);
        subscription.subscribe(heartbeatSubject);
        Thread.sleep(2_000); // 20 heartbeat intervals
        nats.closeDispatcher(subscription);

        assertThat(written).as("an unchanged report is not written again").doesNotContain(reportSubject);
        assertThat(written.stream().filter(heartbeatSubject::equals).count()).as("heartbeats").isGreaterThanOrEqualTo(10);
        WorkerStatus report = reported("idle");
        ReplicaHeartbeat heartbeat = ControlJson.readHeartbeat(status.get("_replicas.sink.replica-a").getValue());
        assertThat(heartbeat.vouchesFor(report)).isTrue();
        assertThat(heartbeat.heartbeatAt()).isAfter(report.heartbeatAt().plusMillis(1_500));

        reporter.stop();
        assertThat(status.get("_replicas.sink.replica-a")).as("a replica that stops removes its heartbeat").isNull();
        assertThat(statusEntry("idle")).isNull();
    }

    private void publish(String pipelineId, DesiredState state, long revision) throws Exception {
        PipelineDefinition definition = new PipelineDefinition(pipelineId, pipelineId, null, null, null, null);
        definitions.put(pipelineId, ControlJson.write(new PipelineControl(definition, state, revision, Instant.now())));
    }

    private WorkerStatus reported(String pipelineId) throws Exception {
        KeyValueEntry entry = statusEntry(pipelineId);
        return entry == null ? new WorkerStatus(pipelineId, Component.SINK, "replica-a", null, null, 0, 0, 0, 0, 0, null)
                : ControlJson.readStatus(entry.getValue());
    }

    private WorkerState state(String pipelineId) throws Exception {
        KeyValueEntry entry = statusEntry(pipelineId);
        return entry == null ? null : ControlJson.readStatus(entry.getValue()).state();
    }

    private KeyValueEntry statusEntry(String pipelineId) throws Exception {
        return status.get(pipelineId + ".sink.replica-a");
    }

    /** The sink stage as seen by the runtime: records the calls, fails to start "broken". */
    private final class RecordingFactory implements PipelineWorkFactory {

        @Override
        public Component component() {
            return Component.SINK;
        }

        @Override
        public Optional<PipelineWork> create(PipelineControl control) {
            String id = control.pipelineId();
            return Optional.of(new PipelineWork() {
                @Override
                public void start() {
                    if (id.equals("broken")) {
                        throw new IllegalStateException("table events.broken does not exist");
                    }
                    calls.add("start " + id);
                }

                @Override
                public void pause() {
                    calls.add("pause " + id);
                }

                @Override
                public void resume() {
                    calls.add("resume " + id);
                }

                @Override
                public void stop() {
                    calls.add("stop " + id);
                }

                @Override
                public WorkStats stats() {
                    return WorkStats.NONE;
                }

                @Override
                public List<String> warnings() {
                    if (id.equals("unsure")) {
                        throw new IllegalStateException("Redis INFO timed out");
                    }
                    return id.equals("weakened") ? List.copyOf(warnings) : List.of();
                }
            });
        }
    }
}
