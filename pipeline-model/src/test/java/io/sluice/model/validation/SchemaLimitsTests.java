package io.sluice.model.validation;

import java.io.IOException;
import java.io.InputStream;

import io.sluice.model.definition.PipelineDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema refuses the same over-long text the validator refuses. */
class SchemaLimitsTests {

    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws IOException {
        try (InputStream in = PipelineDefinition.class.getResourceAsStream("/io/sluice/model/pipeline-definition.schema.json")) {
            schema = JsonMapper.builder().build().readTree(in);
        }
    }

    @Test
    void nameLimitMatchesTheValidator() {
        assertThat(maxLength(schema.get("properties").get("name"))).isEqualTo(PipelineValidator.MAX_NAME_LENGTH);
    }

    @Test
    void slugLimitMatchesTheValidator() {
        assertThat(maxLength(schema.get("$defs").get("slug"))).isEqualTo(Problems.MAX_SLUG_LENGTH);
    }

    @Test
    void filterLimitMatchesTheValidator() {
        assertThat(maxLength(schema.get("properties").get("filter"))).isEqualTo(FilterRules.MAX_LENGTH);
    }

    @Test
    void sinkDatabaseAndTableLimitsMatchTheValidator() {
        JsonNode sink = schema.get("$defs").get("SinkDefinition").get("properties");

        assertThat(maxLength(sink.get("database"))).isEqualTo(SinkRules.MAX_NAME_LENGTH);
        assertThat(maxLength(sink.get("table"))).isEqualTo(SinkRules.MAX_NAME_LENGTH);
    }

    private static Integer maxLength(JsonNode property) {
        JsonNode max = property.get("maxLength");
        return (max != null) ? max.intValue() : null;
    }

}
