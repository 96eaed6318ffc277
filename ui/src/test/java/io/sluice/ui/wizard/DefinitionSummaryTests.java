package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DefinitionSummaryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SAVED = """
            {"id":"orders","name":"Orders","sources":[{"id":"orders","connection":{"brokers":["kafka-1:9092"],
             "securityProtocol":"PLAINTEXT","password":"********"},"topic":"orders","initialOffset":"earliest",
             "schema":{"fields":[{"name":"order_id","type":"string"},{"name":"amount","type":"float"}]},
             "dedup":{"key":["order_id"],"window":"1h"}}],
             "sink":{"url":"http://ch:8123","database":"shop","table":"orders","maxBatchSize":1000,"maxDelay":"1s",
             "password":"********","mapping":[{"field":"order_id","column":"order_id"},{"field":"amount","column":"amount"}]}}
            """;

    @Test
    void flowReadsFromSourceToTableInWords() {
        assertThat(DefinitionSummary.flow(read(SAVED))).containsExactly(
                "Source: topic orders on kafka-1:9092",
                "Deduplication: by order_id within 1h",
                "No join",
                "No filter: every event is kept",
                "ClickHouse: table shop.orders at http://ch:8123, 2 columns mapped");
    }

    @Test
    void flowSaysWhenThereIsNoDeduplicationAndShowsTheJoinAndFilter() {
        String joined = SAVED.replace("\"dedup\":{\"key\":[\"order_id\"],\"window\":\"1h\"}}]",
                "\"initialOffset\":\"latest\"},{\"id\":\"pay\",\"topic\":\"payments\"}],"
                + "\"join\":{\"type\":\"inner\",\"left\":{\"key\":[\"order_id\"],\"window\":\"5m\"},"
                + "\"right\":{\"key\":[\"order\"],\"window\":\"10m\"}},\"filter\":\"amount > 0\"")
                .replace(",\"initialOffset\":\"earliest\"", "");

        assertThat(DefinitionSummary.flow(read(joined))).containsExactly(
                "Source: topic orders on kafka-1:9092",
                "No deduplication",
                "Join: inner join with topic payments on order_id = order, windows 5m / 10m",
                "Filter: keeps events where amount > 0",
                "ClickHouse: table shop.orders at http://ch:8123, 2 columns mapped");
    }

    @Test
    void changesListOnlyWhatDiffersAsOldToNew() {
        String edited = SAVED.replace("\"window\":\"1h\"", "\"window\":\"2h\"").replace("\"maxBatchSize\":1000",
                "\"maxBatchSize\":5000");

        assertThat(DefinitionSummary.changes(read(SAVED), read(edited)))
                .containsExactly("Dedup window: 1h → 2h", "Batch size: 1000 → 5000");
    }

    @Test
    void addedAndRemovedSettingsShowNone() {
        String edited = SAVED.replace("\"sink\":", "\"filter\":\"amount > 0\",\"sink\":")
                .replace(",{\"field\":\"amount\",\"column\":\"amount\"}", "");

        assertThat(DefinitionSummary.changes(read(SAVED), read(edited)))
                .containsExactly("Filter: none → amount > 0", "Column amount: from field amount → none");
    }

    @Test
    void sameDefinitionHasNoChangesAndSecretsAreNeverShown() {
        assertThat(DefinitionSummary.changes(read(SAVED), read(SAVED))).isEmpty();
        assertThat(DefinitionSummary.facts(read(SAVED)).values()).noneMatch((value) -> value.contains("****"));
    }

    @Test
    void turningDedupOffIsOneChangeWithItsSettingsGone() {
        String edited = SAVED.replace(",\n \"dedup\":{\"key\":[\"order_id\"],\"window\":\"1h\"}", "")
                .replace(",\"dedup\":{\"key\":[\"order_id\"],\"window\":\"1h\"}", "");

        assertThat(DefinitionSummary.changes(read(SAVED), read(edited))).containsExactly(
                "Deduplication: on → off", "Dedup key: order_id → none", "Dedup window: 1h → none");
    }

    private static JsonNode read(String json) {
        return JSON.readTree(json);
    }
}
