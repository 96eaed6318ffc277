package io.sluice.model.definition;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the published JSON Schema in step with the records. */
class PipelineDefinitionSchemaTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws IOException {
        try (InputStream in = PipelineDefinition.class.getResourceAsStream("/io/sluice/model/pipeline-definition.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            schema = MAPPER.readTree(in);
        }
    }

    @Test
    void isADraft202012Schema() {
        assertThat(schema.get("$schema").stringValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void describesExactlyTheComponentsOfThePipelineDefinition() {
        assertThat(schema.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(componentNames(PipelineDefinition.class));
    }

    @ParameterizedTest
    @ValueSource(classes = { SourceDefinition.class, KafkaConnection.class, Schema.class, FieldDefinition.class,
            DedupDefinition.class, JoinDefinition.class, JoinSide.class, OutputField.class, SinkDefinition.class,
            ColumnMapping.class })
    void describesExactlyTheComponentsOfEachRecord(Class<? extends Record> type) {
        JsonNode definition = schema.get("$defs").get(type.getSimpleName());

        assertThat(definition).as("$defs." + type.getSimpleName()).isNotNull();
        assertThat(definition.get("additionalProperties").booleanValue()).isFalse();
        assertThat(definition.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(componentNames(type));
    }

    @ParameterizedTest
    @ValueSource(classes = { FieldType.class, InitialOffset.class, SecurityProtocol.class, SaslMechanism.class,
            JoinType.class })
    void listsEveryValueOfEachEnum(Class<? extends Enum<?>> type) {
        Set<String> enumValues = new HashSet<>();
        collectEnumValues(schema, enumValues);

        for (Enum<?> constant : type.getEnumConstants()) {
            assertThat(enumValues).contains(MAPPER.valueToTree(constant).stringValue());
        }
    }

    private static List<String> componentNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static void collectEnumValues(JsonNode node, Set<String> values) {
        if (node.isObject() && node.has("enum")) {
            node.get("enum").forEach((value) -> values.add(value.stringValue()));
        }
        node.forEach((child) -> collectEnumValues(child, values));
    }

}
