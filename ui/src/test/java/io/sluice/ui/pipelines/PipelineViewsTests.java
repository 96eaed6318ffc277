package io.sluice.ui.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PipelineViewsTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void listRowShowsTheNewestSampleOfThePipelineAndTheDeadLettersItsStreamHolds() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("{\"id\":\"orders\",\"name\":\"Orders\",\"status\":\"running\"}"),
                json("{\"eventsInPerSecond\":1250.0,\"eventsOutPerSecond\":998.4,\"duplicatesDropped\":25000,"
                        + "\"deadLetters\":1,\"deadLettersStored\":3,\"lag\":12}"));

        assertThat(row).isEqualTo(new PipelineViews.PipelineRow("orders", "Orders", "running", "1.3k", "998", "25,000",
                "3", "12", List.of(), List.of()));
        assertThat(row.degraded()).isFalse();
    }

    @Test
    void listRowOfAPipelineAStageCannotRunIsDegradedWithTheApiServicesReasons() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("{\"id\":\"orders\",\"status\":\"running\",\"health\":\"degraded\","
                + "\"problems\":[\"ingest cannot run it on its replica: insufficient storage resources available [10047]\"]}"), null);

        assertThat(row.degraded()).isTrue();
        assertThat(row.problems()).containsExactly("ingest cannot run it on its replica: insufficient storage resources available [10047]");
    }

    @Test
    void pipelineWithoutSamplesShowsUnknownRatherThanZero() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("{\"id\":\"orders\",\"name\":\"Orders\",\"status\":\"stopped\"}"),
                null);

        assertThat(List.of(row.eventsIn(), row.eventsOut(), row.duplicates(), row.deadLetters(), row.lag()))
                .containsOnly("–");
    }

    @Test
    void firstSampleWithoutRatesShowsUnknownRatesButItsCounts() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("{\"id\":\"o\",\"name\":\"O\",\"status\":\"running\"}"),
                json("{\"eventsInPerSecond\":null,\"duplicatesDropped\":7,\"deadLetters\":0,\"lag\":0}"));

        assertThat(row.eventsIn()).isEqualTo("–");
        assertThat(row.duplicates()).isEqualTo("7");
    }

    @Test
    void componentsListTheirReplicasWithHeartbeatAgeAndSkipAJoinNobodyRuns() {
        JsonNode status = json("""
                {"pipelineId":"orders","components":[
                 {"component":"ingest","replicasReporting":1,"replicasStale":0,"lastHeartbeat":"2026-03-01T11:59:57Z",
                  "eventsIn":1000,"eventsOut":990,"duplicatesDropped":0,"deadLetters":10,"maxLag":4,"lastError":null,
                  "replicas":[{"replicaId":"ingest-1","state":"running","heartbeatAt":"2026-03-01T11:59:57Z","reporting":true,
                   "eventsIn":1000,"eventsOut":990,"duplicatesDropped":0,"deadLetters":10,"lag":4,"lastError":null}]},
                 {"component":"join","replicasReporting":0,"replicasStale":0,"lastHeartbeat":null,"eventsIn":0,"eventsOut":0,
                  "duplicatesDropped":0,"deadLetters":0,"maxLag":0,"lastError":null,"replicas":[]},
                 {"component":"sink","replicasReporting":0,"replicasStale":1,"lastHeartbeat":"2026-03-01T11:55:00Z",
                  "eventsIn":5,"eventsOut":5,"duplicatesDropped":0,"deadLetters":0,"maxLag":0,"lastError":"table dropped",
                  "replicas":[{"replicaId":"sink-1","state":"failed","heartbeatAt":"2026-03-01T11:55:00Z","reporting":false,
                   "eventsIn":5,"eventsOut":5,"duplicatesDropped":0,"deadLetters":0,"lag":0,"lastError":"table dropped",
                   "servers":{"clickhouse":"http://ch-2:8123","nats":"sluice-2 nats://n2:4222"}}]}]}
                """);

        List<PipelineViews.ComponentRow> rows = PipelineViews.components(status, NOW);

        assertThat(rows).extracting(PipelineViews.ComponentRow::component).containsExactly("ingest", "sink");
        assertThat(rows.get(0).replicas()).isEqualTo("1 replica");
        assertThat(rows.get(0).eventsIn()).isEqualTo("1,000");
        assertThat(rows.get(0).lastHeartbeat()).isEqualTo("3 s ago");
        assertThat(rows.get(0).lastError()).isNull();
        assertThat(rows.get(0).replicaRows().get(0).replicaId()).isEqualTo("ingest-1");
        assertThat(rows.get(1).replicas()).isEqualTo("0 replicas, 1 silent");
        assertThat(rows.get(1).anyReporting()).isFalse();
        assertThat(rows.get(1).replicaRows().get(0).lastError()).isEqualTo("table dropped");
        assertThat(rows.get(0).replicaRows().get(0).servers()).as("reported by a version without servers").isEmpty();
        assertThat(rows.get(1).replicaRows().get(0).servers())
                .isEqualTo("NATS sluice-2 nats://n2:4222, ClickHouse http://ch-2:8123");
        assertThat(rows.get(1).lastHeartbeat()).isEqualTo("5 min ago");
    }

    @Test
    void replicasShowTheirReadableNameAndFilteredEventsWithTheFullIdKept() {
        JsonNode status = json("""
                {"pipelineId":"orders","components":[
                 {"component":"dedup","replicasReporting":1,"replicasStale":0,"eventsIn":100,"eventsOut":70,
                  "duplicatesDropped":10,"deadLetters":0,"filtered":20,"maxLag":0,
                  "replicas":[{"replicaId":"4711_box","name":"dedup @ box · 3f9a","state":"running",
                   "heartbeatAt":"2026-03-01T11:59:59Z","reporting":true,"eventsIn":100,"eventsOut":70,
                   "duplicatesDropped":10,"deadLetters":0,"filtered":20,"lag":0}]}]}
                """);

        PipelineViews.ComponentRow dedup = PipelineViews.components(status, NOW).get(0);

        assertThat(dedup.filtered()).isEqualTo("20");
        assertThat(dedup.replicaRows().get(0).name()).isEqualTo("dedup @ box · 3f9a");
        assertThat(dedup.replicaRows().get(0).replicaId()).isEqualTo("4711_box");
        assertThat(dedup.replicaRows().get(0).filtered()).isEqualTo("20");
    }

    @Test
    void replicaFromAnApiThatNamesNoneIsShownByItsIdAndFilteredAsUnknown() {
        JsonNode status = json("""
                {"components":[{"component":"sink","replicasReporting":1,"eventsIn":5,
                  "replicas":[{"replicaId":"sink-1","state":"running","reporting":true,"eventsIn":5}]}]}
                """);

        PipelineViews.ComponentRow sink = PipelineViews.components(status, NOW).get(0);

        assertThat(sink.replicaRows().get(0).name()).isEqualTo("sink-1");
        assertThat(sink.filtered()).isEqualTo("–");
    }

    @Test
    void brokerLagIsShownPerPartitionWithItsTotal() {
        JsonNode status = json("""
                {"components":[],"brokerLag":{"total":30,"unknown":null,"measuredAt":"2026-03-01T12:00:00Z",
                 "sources":[{"sourceId":"orders","topic":"t","consumerGroup":"sluice-o-orders","total":30,"partitions":[
                  {"partition":0,"endOffset":1200,"committedOffset":1180,"lag":20},
                  {"partition":1,"endOffset":10,"committedOffset":null,"lag":10}]}]}}
                """);

        PipelineViews.BrokerLagFigures lag = PipelineViews.brokerLag(status);

        assertThat(lag.total()).isEqualTo("30");
        assertThat(lag.unknown()).isNull();
        assertThat(lag.partitions()).containsExactly(
                new PipelineViews.PartitionRow("orders", "t", "0", "1,200", "1,180", "20"),
                new PipelineViews.PartitionRow("orders", "t", "1", "10", "none yet", "10"));
    }

    @Test
    void brokerLagTheBrokerCouldNotTellSaysWhyAndNeverZero() {
        JsonNode status = json("""
                {"components":[],"brokerLag":{"total":null,"unknown":"Kafka at b:9092 did not answer within 3 s",
                 "sources":[{"sourceId":"orders","topic":"t","total":null,"partitions":[]}]}}
                """);

        PipelineViews.BrokerLagFigures lag = PipelineViews.brokerLag(status);

        assertThat(lag.total()).isNull();
        assertThat(lag.unknown()).isEqualTo("lag unknown: Kafka at b:9092 did not answer within 3 s");
        assertThat(PipelineViews.brokerLag(json("{\"components\":[]}"))).as("an api-service that measures none").isNull();
    }

    @Test
    void aJoinShowsItsOwnFiguresAndAPipelineWithoutOneNone() {
        JsonNode status = json("""
                {"pipelineId":"orders","components":[
                 {"component":"dedup","replicasReporting":1,"eventsIn":10,"join":null,"replicas":[]},
                 {"component":"join","replicasReporting":2,"eventsIn":3000,"eventsOut":1400,"replicas":[],
                  "join":{"leftIn":1500,"rightIn":1500,"joined":1400,"unmatched":12,"waiting":88,"stateBytes":1048576}}]}
                """);

        assertThat(PipelineViews.join(status)).isEqualTo(new PipelineViews.JoinFigures("1,500", "1,500", "1,400", "12",
                "88", "1 MiB"));
        assertThat(PipelineViews.join(json("{\"components\":[{\"component\":\"join\",\"join\":null,\"replicas\":[]}]}")))
                .isNull();
    }

    @Test
    void listRowCarriesThePipelinesWarnings() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("""
                {"id":"orders","name":"Orders","status":"running","warnings":["plain MergeTree","appendonly no"]}"""),
                null);

        assertThat(row.warnings()).containsExactly("plain MergeTree", "appendonly no");
        assertThat(row.warningCount()).isEqualTo("2 warnings");
    }

    @Test
    void listRowOfAnOlderApiWithoutWarningsHasNone() {
        PipelineViews.PipelineRow row = PipelineViews.row(json("{\"id\":\"o\",\"name\":\"O\",\"status\":\"running\"}"), null);

        assertThat(row.warnings()).isEmpty();
    }

    @Test
    void warningsNameTheComponentThatReportsThem() {
        JsonNode status = json("""
                {"pipelineId":"orders","warnings":["appendonly no","plain MergeTree"],"components":[
                 {"component":"ingest","warnings":[]},
                 {"component":"dedup","warnings":["appendonly no"]},
                 {"component":"join"},
                 {"component":"sink","warnings":["plain MergeTree",""]}]}
                """);

        assertThat(PipelineViews.warnings(status)).containsExactly(
                new PipelineViews.WarningRow("dedup", "appendonly no"),
                new PipelineViews.WarningRow("sink", "plain MergeTree"));
    }

    @Test
    void eventsSayWhatChangedAndWhoDidIt() {
        JsonNode events = json("""
                {"items":[
                 {"id":3,"at":"2026-03-01T11:00:00Z","kind":"paused","from":"running","to":"paused","reason":"maintenance","actor":"admin"},
                 {"id":1,"at":"2026-03-01T10:00:00Z","kind":"created","from":null,"to":"created","reason":null,"actor":"ci"},
                 {"id":2,"at":"2026-03-01T10:30:00Z","kind":"edited","from":null,"to":null,"reason":null,"actor":"ci"}]}
                """);

        List<PipelineViews.EventRow> rows = PipelineViews.events(events);

        assertThat(rows.get(0)).isEqualTo(new PipelineViews.EventRow("2026-03-01 11:00:00 UTC", "paused",
                "running → paused", "maintenance", "admin"));
        assertThat(rows.get(1).change()).isEqualTo("created");
        assertThat(rows.get(2).change()).isEmpty();
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
