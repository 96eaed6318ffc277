package io.sluice.model.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sluice.model.Examples;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ControlJsonTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

    private final PipelineDefinition joined = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

    @Test
    void controlValueRoundTrips() {
        PipelineControl control = new PipelineControl(this.joined, DesiredState.PAUSED, 7, NOW);

        PipelineControl read = ControlJson.readControl(ControlJson.write(control));

        assertThat(read).isEqualTo(control);
        assertThat(read.pipelineId()).isEqualTo("orders-payments");
    }

    @Test
    void controlValueCarriesTheSecretsInClearForTheWorkers() {
        String json = new String(ControlJson.write(new PipelineControl(this.joined, DesiredState.RUNNING, 1, NOW)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"orders-secret\"", "\"payments-secret\"", "\"clickhouse-secret\"",
                "-----BEGIN CERTIFICATE-----");
        assertThat(json).doesNotContain(PipelineDefinition.MASKED_SECRET);
    }

    @Test
    void controlValueIsReadableJsonWithLowerCaseStateAndIsoTime() {
        String json = new String(ControlJson.write(new PipelineControl(this.joined, DesiredState.STOPPED, 3, NOW)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"desiredState\":\"stopped\"", "\"revision\":3",
                "\"updatedAt\":\"2026-03-01T12:00:00.123Z\"", "\"definition\":{\"id\":\"orders-payments\"");
    }

    @Test
    void controlValueNeverPrintsItsSecrets() {
        String printed = new PipelineControl(this.joined, DesiredState.RUNNING, 1, NOW).toString();

        assertThat(printed).doesNotContain("orders-secret", "payments-secret", "clickhouse-secret", "BEGIN CERTIFICATE");
    }

    @Test
    void workerStatusRoundTrips() {
        WorkerStatus status = new WorkerStatus("orders-payments", Component.DEDUP, "dedup-7f9c", WorkerState.RUNNING, NOW,
                1000, 900, 100, 2, 35, "Redis timed out");

        WorkerStatus read = ControlJson.readStatus(ControlJson.write(status));

        assertThat(read).isEqualTo(status);
        assertThat(read.key()).isEqualTo("orders-payments.dedup.dedup-7f9c");
    }

    // The exact bytes workers wrote while component and state were plain strings: the status
    // bucket is shared by workers and api-services of different versions during an upgrade.
    @ParameterizedTest
    @CsvSource({ "INGEST, ingest", "DEDUP, dedup", "JOIN, join", "SINK, sink" })
    void workerStatusJsonIsByteForByteWhatEarlierVersionsWroteForEveryComponentAndState(Component component,
            String componentJson) {
        Map<WorkerState, String> states = Map.of(WorkerState.RUNNING, "running", WorkerState.PAUSED, "paused",
                WorkerState.STOPPED, "stopped", WorkerState.FAILED, "failed");
        states.forEach((state, stateJson) -> {
            WorkerStatus status = new WorkerStatus("orders", component, "r-1", state, NOW, 5, 4, 1, 0, 2, null, 3L, 9L,
                    List.of("w"));
            String expected = "{\"pipelineId\":\"orders\",\"component\":\"" + componentJson
                    + "\",\"replicaId\":\"r-1\",\"state\":\"" + stateJson
                    + "\",\"heartbeatAt\":\"2026-03-01T12:00:00.123Z\",\"eventsIn\":5,\"eventsOut\":4,"
                    + "\"duplicatesDropped\":1,\"deadLetters\":0,\"lag\":2,\"latencyP50Millis\":3,"
                    + "\"latencyP99Millis\":9,\"warnings\":[\"w\"]}";

            assertThat(ControlJson.write(status)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
            WorkerStatus read = ControlJson.readStatus(expected.getBytes(StandardCharsets.UTF_8));
            assertThat(read).isEqualTo(status);
            assertThat(read.state()).isSameAs(state);
            assertThat(read.key()).isEqualTo("orders." + componentJson + ".r-1");
        });
    }

    @Test
    void filteredHostAndStartAreWrittenOnlyWhenKnownAndRoundTrip() {
        WorkerStatus status = new WorkerStatus("p", Component.DEDUP, "4711_box", WorkerState.RUNNING, NOW, 10, 6, 1, 0, 0,
                null, null, null, List.of(), null, Map.of(), 3, "box", Instant.parse("2026-03-01T11:59:00Z"));

        String json = new String(ControlJson.write(status), StandardCharsets.UTF_8);

        assertThat(json).endsWith(",\"filtered\":3,\"host\":\"box\",\"startedAt\":\"2026-03-01T11:59:00Z\"}");
        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
        WorkerStatus none = new WorkerStatus("p", Component.DEDUP, "d", WorkerState.RUNNING, NOW, 10, 10, 0, 0, 0, null,
                null, null, List.of(), null, Map.of(), 0, null, null);
        assertThat(new String(ControlJson.write(none), StandardCharsets.UTF_8))
                .doesNotContain("filtered", "host", "startedAt");
    }

    @Test
    void theRestBeforeAReportIsWrittenOnlyWhenItHasOneAndRoundTrips() {
        WorkerStatus status = new WorkerStatus("p", Component.SINK, "s", WorkerState.RUNNING, NOW, 10, 10, 0, 0, 0, null,
                null, null, List.of(), null, Map.of(), 0, null, null)
                .withRest(new WorkerStatus.Rest(NOW.minusSeconds(20), NOW.minusSeconds(5)));

        String json = new String(ControlJson.write(status), StandardCharsets.UTF_8);

        assertThat(json).endsWith(",\"rest\":{\"from\":\"2026-03-01T11:59:40.123Z\",\"until\":\"2026-03-01T11:59:55.123Z\"}}");
        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
        assertThat(new String(ControlJson.write(status.withHeartbeatAt(NOW)), StandardCharsets.UTF_8)).doesNotContain("rest");
    }

    @Test
    void aReportOfAnEarlierVersionReadsAsNothingFilteredAndNoHostOrStart() {
        String old = "{\"pipelineId\":\"p\",\"component\":\"dedup\",\"replicaId\":\"d\",\"state\":\"running\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00Z\",\"eventsIn\":5,\"eventsOut\":4}";

        WorkerStatus read = ControlJson.readStatus(old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.filtered()).isZero();
        assertThat(read.host()).isNull();
        assertThat(read.startedAt()).isNull();
    }

    @Test
    void readsAStateOfANewerWorkerAsItWroteItAndWritesItBackUnchanged() {
        String newer = "{\"pipelineId\":\"p\",\"component\":\"sink\",\"replicaId\":\"sink-1\",\"state\":\"draining\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00.123Z\",\"eventsIn\":5,\"eventsOut\":4,\"duplicatesDropped\":0,"
                + "\"deadLetters\":0,\"lag\":0,\"warnings\":[]}";

        WorkerStatus read = ControlJson.readStatus(newer.getBytes(StandardCharsets.UTF_8));

        assertThat(read.state().json()).isEqualTo("draining");
        assertThat(read.state().known()).isFalse();
        assertThat(read.component()).isEqualTo(Component.SINK);
        assertThat(read.eventsIn()).isEqualTo(5);
        assertThat(new String(ControlJson.write(read), StandardCharsets.UTF_8)).isEqualTo(newer);
    }

    @Test
    void readsAComponentOfANewerWorkerAsNoneRatherThanRejectingTheReport() {
        String newer = "{\"pipelineId\":\"p\",\"component\":\"enrich\",\"replicaId\":\"e-1\",\"state\":\"running\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00Z\",\"eventsIn\":5}";

        WorkerStatus read = ControlJson.readStatus(newer.getBytes(StandardCharsets.UTF_8));

        assertThat(read.component()).isNull();
        assertThat(read.state()).isEqualTo(WorkerState.RUNNING);
        assertThat(read.eventsIn()).isEqualTo(5);
        assertThatIllegalArgumentException().isThrownBy(read::key);
    }

    @Test
    void readsAReportWithoutComponentOrStateAsHavingNone() {
        String partial = "{\"pipelineId\":\"p\",\"replicaId\":\"r\",\"component\":null,"
                + "\"heartbeatAt\":\"2026-03-01T12:00:00Z\"}";

        WorkerStatus read = ControlJson.readStatus(partial.getBytes(StandardCharsets.UTF_8));

        assertThat(read.component()).isNull();
        assertThat(read.state()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "running", "paused", "stopped", "failed" })
    void theStatesThisVersionReportsAreKnownConstants(String json) {
        WorkerState state = WorkerState.fromJson(json);

        assertThat(state.known()).isTrue();
        assertThat(state).isIn(WorkerState.RUNNING, WorkerState.PAUSED, WorkerState.STOPPED, WorkerState.FAILED);
        assertThat(state.json()).isEqualTo(json);
        assertThat(state).hasToString(json);
    }

    @Test
    void sinkStatusCarriesItsLatencyPercentiles() {
        WorkerStatus status = new WorkerStatus("p", Component.SINK, "sink-1", WorkerState.RUNNING, NOW, 10, 10, 0, 0, 0, null,
                120L, 870L);

        String json = new String(ControlJson.write(status), StandardCharsets.UTF_8);

        assertThat(json).contains("\"latencyP50Millis\":120", "\"latencyP99Millis\":870");
        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
    }

    @Test
    void readsAReportOfAVersionWithoutLatencyAsHavingNone() {
        String old = "{\"pipelineId\":\"p\",\"component\":\"sink\",\"replicaId\":\"sink-1\",\"state\":\"running\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00.123Z\",\"eventsIn\":5,\"eventsOut\":4,\"duplicatesDropped\":0,"
                + "\"deadLetters\":1,\"lag\":2}";

        WorkerStatus read = ControlJson.readStatus(old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.eventsOut()).isEqualTo(4);
        assertThat(read.latencyP50Millis()).isNull();
        assertThat(read.latencyP99Millis()).isNull();
    }

    @Test
    void statusCarriesTheWarningsOfAWeakenedGuarantee() {
        WorkerStatus status = new WorkerStatus("p", Component.SINK, "sink-1", WorkerState.RUNNING, NOW, 10, 10, 0, 0, 0, null,
                null, null, List.of("table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)"));

        String json = new String(ControlJson.write(status), StandardCharsets.UTF_8);

        assertThat(json).contains("\"warnings\":[\"table db.t is a plain MergeTree");
        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8)).warnings())
            .containsExactly("table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)");
    }

    @Test
    void aJoinReportCarriesItsJoinCountersAndOthersNone() {
        WorkerStatus join = new WorkerStatus("p", Component.JOIN, "join-1", WorkerState.RUNNING, NOW, 30, 12, 0, 0, 0, null,
                null, null, List.of(), new JoinCounts(16, 14, 12, 3, 4, 2_048));

        WorkerStatus read = ControlJson.readStatus(ControlJson.write(join));

        assertThat(read.join()).isEqualTo(new JoinCounts(16, 14, 12, 3, 4, 2_048));
        assertThat(ControlJson.readStatus(ControlJson.write(new WorkerStatus("p", Component.DEDUP, "d", WorkerState.RUNNING, NOW,
                1, 1, 0, 0, 0, null))).join()).isNull();
    }

    @Test
    void readsAReportOfAVersionWithoutWarningsAsHavingNone() {
        String old = "{\"pipelineId\":\"p\",\"component\":\"dedup\",\"replicaId\":\"dedup-1\",\"state\":\"running\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00.123Z\",\"eventsIn\":5,\"eventsOut\":4,\"duplicatesDropped\":1,"
                + "\"deadLetters\":0,\"lag\":2}";

        WorkerStatus read = ControlJson.readStatus(old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.warnings()).isNotNull().isEmpty();
    }

    @Test
    void readsNullWarningsAsNoneAndSkipsNullEntries() {
        String json = "{\"pipelineId\":\"p\",\"component\":\"dedup\",\"replicaId\":\"dedup-1\",\"state\":\"running\","
                + "\"heartbeatAt\":\"2026-03-01T12:00:00Z\",\"warnings\":null}";
        String withNull = json.replace("\"warnings\":null", "\"warnings\":[null,\"Redis runs with appendonly no\"]");

        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8)).warnings()).isEmpty();
        assertThat(ControlJson.readStatus(withNull.getBytes(StandardCharsets.UTF_8)).warnings())
            .containsExactly("Redis runs with appendonly no");
    }

    @Test
    void statusBuiltWithoutWarningsHasNone() {
        assertThat(new WorkerStatus("p", Component.INGEST, "r1", WorkerState.RUNNING, NOW, 1, 1, 0, 0, 0, null).warnings())
            .isEmpty();
        assertThat(new WorkerStatus("p", Component.SINK, "r1", WorkerState.RUNNING, NOW, 1, 1, 0, 0, 0, null, 5L, 9L).warnings())
            .isEmpty();
    }

    @Test
    void workerStatusWithoutErrorLeavesItOut() {
        WorkerStatus status = new WorkerStatus("p", Component.SINK, "r1", WorkerState.PAUSED, NOW, 1, 1, 0, 0, 0, null);

        String json = new String(ControlJson.write(status), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("lastError");
        assertThat(ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(status);
    }

    @Test
    void readsValuesWithPropertiesAddedByANewerVersion() {
        String json = """
                {"pipelineId":"p","component":"ingest","replicaId":"r1","state":"running",
                 "heartbeatAt":"2026-03-01T12:00:00Z","eventsIn":5,"cpu":0.5}""";

        WorkerStatus status = ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8));

        assertThat(status.eventsIn()).isEqualTo(5);
        assertThat(status.eventsOut()).isZero();
        assertThat(status.heartbeatAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "null", "[]", "{\"desiredState\":\"running\"}", "{not json",
            "{\"definition\":{\"id\":\"p\"},\"desiredState\":\"flying\",\"revision\":1,\"updatedAt\":\"2026-03-01T12:00:00Z\"}" })
    void rejectsWhatIsNotAControlValue(String json) {
        assertThatExceptionOfType(InvalidControlJsonException.class)
            .isThrownBy(() -> ControlJson.readControl(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "null", "{\"eventsIn\":\"many\"}", "{\"heartbeatAt\":\"yesterday\"}" })
    void rejectsWhatIsNotAWorkerStatus(String json) {
        assertThatExceptionOfType(InvalidControlJsonException.class)
            .isThrownBy(() -> ControlJson.readStatus(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectionNeverQuotesTheSecretsOfTheValue() {
        String broken = new String(ControlJson.write(new PipelineControl(this.joined, DesiredState.RUNNING, 1, NOW)),
                StandardCharsets.UTF_8).replace("\"revision\":1", "\"revision\":\"one\"");

        assertThatExceptionOfType(InvalidControlJsonException.class)
            .isThrownBy(() -> ControlJson.readControl(broken.getBytes(StandardCharsets.UTF_8)))
            .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("orders-secret", "clickhouse-secret"));
    }

}
