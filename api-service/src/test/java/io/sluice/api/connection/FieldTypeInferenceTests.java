package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.sluice.api.connection.FieldTypeInference.InferredField;
import io.sluice.api.connection.FieldTypeInference.SampledField;
import io.sluice.api.connection.FieldTypeInference.TypeCount;
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
            "2024-05-01T12:00:00.123456789-05:30", "2024-05-01T12:00:00", "2024-05-01T12:00", "2026-12-04 10:00:00",
            "2026-12-04 10:00:00.5", "2024-05-01" })
    void textsTheSinkWritesAsDateTimeAreTimestamps(String text) {
        assertThat(infer("{\"at\": \"" + text + "\"}")).containsExactly(new InferredField("at", FieldType.TIMESTAMP));
    }

    @ParameterizedTest
    @ValueSource(strings = { "12:00:00", "1714564800", "yesterday", "2024-13-01T12:00:00Z", "01/05/2024 12:00", "" })
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

    @Test
    void overSeveralEventsIntsAndFloatsAreFloats() {
        assertThat(inferAll("{\"amount\": 3}", "{\"amount\": 2.5}", "{\"amount\": 4}"))
            .containsExactly(new SampledField("amount", FieldType.FLOAT, true,
                    List.of(new TypeCount("int", 2), new TypeCount("float", 1)), 0));
    }

    @Test
    void overSeveralEventsTimestampsAndOtherTextIsString() {
        assertThat(inferAll("{\"at\": \"2026-12-04 10:00:00\"}", "{\"at\": \"soon\"}").get(0))
            .extracting(SampledField::type, SampledField::fitsAll).containsExactly(FieldType.STRING, true);
    }

    @Test
    void aNumberInMostEventsAndTextInSomeIsGuessedByMajorityAndMarkedAsNotFittingAll() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            events.add("{\"amount\": " + i + ".5}");
        }
        events.add("{\"amount\": \"n/a\"}");
        events.add("{\"amount\": \"unknown\"}");
        assertThat(inferAll(events.toArray(String[]::new)))
            .containsExactly(new SampledField("amount", FieldType.FLOAT, false,
                    List.of(new TypeCount("float", 18), new TypeCount("string", 2)), 0));
    }

    @Test
    void aFieldMissingFromSomeEventsSaysInHowMany() {
        assertThat(inferAll("{\"id\": \"a\", \"coupon\": \"X\"}", "{\"id\": \"b\"}", "{\"id\": \"c\"}"))
            .containsExactly(new SampledField("id", FieldType.STRING, true, List.of(new TypeCount("string", 3)), 0),
                    new SampledField("coupon", FieldType.STRING, true, List.of(new TypeCount("string", 1)), 2));
    }

    @Test
    void nullsDoNotDecideTheTypeButAreCounted() {
        assertThat(inferAll("{\"note\": null}", "{\"note\": \"late\"}"))
            .containsExactly(new SampledField("note", FieldType.STRING, true,
                    List.of(new TypeCount("null", 1), new TypeCount("string", 1)), 0));
        assertThat(inferAll("{\"note\": null}").get(0).type()).isNull();
    }

    @Test
    void eventsThatAreNotObjectsAreLeftOutOfTheCounts() {
        assertThat(inferAll("{\"id\": 1}", "[1]", "{\"id\": 2}").get(0).missingIn()).isZero();
    }

    private List<SampledField> inferAll(String... texts) {
        List<JsonNode> events = new ArrayList<>();
        for (String text : texts) {
            events.add(json.readTree(text));
        }
        return FieldTypeInference.inferAll(events);
    }

    private java.util.List<InferredField> infer(String text) {
        JsonNode node = json.readTree(text);
        return FieldTypeInference.infer(node);
    }
}
