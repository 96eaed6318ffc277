package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.connection.FieldTypeInference.InferredField;
import io.sluice.model.definition.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FieldTypeInferenceTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void infersEachJsonTypeInDocumentOrder() {
        assertThat(infer("""
                {"id": "o-1", "qty": 3, "price": 9.5, "paid": true, "tags": ["a"], "meta": {}}"""))
            .containsExactly(new InferredField("id", FieldType.STRING), new InferredField("qty", FieldType.INT),
                    new InferredField("price", FieldType.FLOAT), new InferredField("paid", FieldType.BOOL),
                    new InferredField("tags", FieldType.ARRAY), new InferredField("meta", FieldType.OBJECT));
    }

    @Test
    void flattensNestedObjectsIntoDotPaths() {
        assertThat(infer("""
                {"customer": {"id": 7, "address": {"city": "Lyon", "zip": "69001"}}, "total": 1}"""))
            .containsExactly(new InferredField("customer.id", FieldType.INT),
                    new InferredField("customer.address.city", FieldType.STRING),
                    new InferredField("customer.address.zip", FieldType.STRING), new InferredField("total", FieldType.INT));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123Z", "2024-05-01T12:00:00+02:00",
            "2024-05-01T12:00:00.123456789-05:30", "2024-05-01T12:00:00", "2024-05-01T12:00" })
    void isoDateTimeStringsAreTimestamps(String text) {
        assertThat(infer("{\"at\": \"" + text + "\"}")).containsExactly(new InferredField("at", FieldType.TIMESTAMP));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2024-05-01", "12:00:00", "2024-05-01 12:00:00", "yesterday", "2024-13-01T12:00:00Z", "" })
    void otherStringsStayStrings(String text) {
        assertThat(infer("{\"at\": \"" + text + "\"}")).containsExactly(new InferredField("at", FieldType.STRING));
    }

    @Test
    void epochNumbersAreNotGuessedToBeTimestampsWhateverTheirName() {
        assertThat(infer("{\"timestamp\": 1714564800000, \"created_at\": 1714564800, \"ts\": 1714564800.5}"))
            .containsExactly(new InferredField("timestamp", FieldType.INT), new InferredField("created_at", FieldType.INT),
                    new InferredField("ts", FieldType.FLOAT));
    }

    @Test
    void integersBeyondLongAreStillIntsAndExponentsAreFloats() {
        assertThat(infer("{\"big\": 123456789012345678901234567890, \"e\": 1e3}"))
            .containsExactly(new InferredField("big", FieldType.INT), new InferredField("e", FieldType.FLOAT));
    }

    @Test
    void nullTellsNoType() {
        assertThat(infer("{\"note\": null}")).containsExactly(new InferredField("note", null));
    }

    @Test
    void anEventThatIsNotAnObjectHasNoFields() {
        assertThat(infer("[1, 2]")).isEmpty();
        assertThat(infer("42")).isEmpty();
        assertThat(infer("{}")).isEmpty();
    }

    private java.util.List<InferredField> infer(String text) {
        JsonNode node = json.readTree(text);
        return FieldTypeInference.infer(node);
    }
}
