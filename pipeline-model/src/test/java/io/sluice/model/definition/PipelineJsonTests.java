package io.sluice.model.definition;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.sluice.model.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PipelineJsonTests {

    private static final String MINIMAL = """
            {"id": "p", "name": "P",
             "sources": [{"id": "s", "connection": {"brokers": ["k:9092"]}, "topic": "t",
                          "schema": {"fields": [{"name": "a", "type": "string"}]}}],
             "sink": {"url": "http://ch:8123", "database": "db", "table": "t",
                      "mapping": [{"field": "a", "column": "a"}]}}
            """;

    @Test
    void readsEveryPartOfAFullDefinition() {
        PipelineDefinition definition = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

        assertThat(definition.id()).isEqualTo("orders-payments");
        SourceDefinition orders = definition.source("orders");
        assertThat(orders.connection().securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
        assertThat(orders.connection().saslMechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_512);
        assertThat(orders.connection().saslMechanism().kafkaName()).isEqualTo("SCRAM-SHA-512");
        assertThat(orders.connection().caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(orders.initialOffset()).isEqualTo(InitialOffset.LATEST);
        assertThat(orders.schema().field("customer.id").type()).isEqualTo(FieldType.INT);
        assertThat(orders.dedup().window().duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(definition.source("payments").connection().skipTlsVerification()).isTrue();
        assertThat(definition.join().type()).isEqualTo(JoinType.INNER);
        assertThat(definition.join().right().window().duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(definition.join().outputFields()).extracting(OutputField::outputName)
            .containsExactly("order_id", "order_amount", "customer_id", "payment_id", "paid");
        assertThat(definition.filter()).startsWith("(paid == true");
        assertThat(definition.sink().maxBatchSize()).isEqualTo(50_000);
        assertThat(definition.sink().maxDelay().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(definition.sink().mapping().get(2).columnType()).isNull();
    }

    @Test
    void readsAndWritesTheSinksConsentToAtLeastOnceOnlyWhenGiven() {
        String json = Examples.json(Examples.ORDERS_PAYMENTS_JOIN);
        assertThat(PipelineJson.read(json).sink().allowAtLeastOnce()).isFalse();
        assertThat(PipelineJson.write(PipelineJson.read(json))).doesNotContain("allowAtLeastOnce");

        PipelineDefinition consenting = PipelineJson.read(json.replaceFirst("\"mapping\"", "\"allowAtLeastOnce\": true, \"mapping\""));

        assertThat(consenting.sink().allowAtLeastOnce()).isTrue();
        assertThat(PipelineJson.read(PipelineJson.write(consenting)).sink().allowAtLeastOnce()).isTrue();
    }

    @Test
    void readsTheJoinTypeTemporalAsInnerItsEarlierName() {
        String json = Examples.json(Examples.ORDERS_PAYMENTS_JOIN).replace("\"type\": \"inner\"", "\"type\": \"temporal\"");

        assertThat(PipelineJson.read(json).join().type()).isEqualTo(JoinType.INNER);
    }

    @Test
    void writesAFullDefinitionBackToTheSameJson() {
        String json = Examples.json(Examples.ORDERS_PAYMENTS_JOIN);
        PipelineDefinition definition = PipelineJson.read(json);

        String written = PipelineJson.write(definition);

        JsonMapper mapper = JsonMapper.builder().build();
        assertThat(mapper.readTree(written)).isEqualTo(mapper.readTree(json));
        assertThat(PipelineJson.read(written)).isEqualTo(definition);
        assertThat(PipelineJson.read(PipelineJson.writePretty(definition))).isEqualTo(definition);
        assertThat(PipelineJson.read(PipelineJson.writeBytes(definition))).isEqualTo(definition);
    }

    @Test
    void fillsInDefaultsForOmittedValues() {
        PipelineDefinition definition = PipelineJson.read(MINIMAL);

        SourceDefinition source = definition.sources().get(0);
        assertThat(source.initialOffset()).isEqualTo(InitialOffset.EARLIEST);
        assertThat(source.connection().securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(source.connection().skipTlsVerification()).isFalse();
        assertThat(source.dedup()).isNull();
        assertThat(definition.join()).isNull();
        assertThat(definition.filter()).isNull();
        assertThat(definition.sink().maxBatchSize()).isEqualTo(50_000);
        assertThat(definition.sink().maxDelay()).isEqualTo(Window.parse("1s"));
    }

    @Test
    void leavesAbsentOptionalPartsOutWhenWriting() {
        String written = PipelineJson.write(PipelineJson.read(MINIMAL));

        assertThat(written).doesNotContain("null", "\"join\"", "\"filter\"", "\"dedup\"", "\"password\"");
    }

    @Test
    void readsAnInvalidWindowSoTheValidatorCanReportIt() {
        PipelineDefinition definition = PipelineJson.read(MINIMAL.replace("\"topic\": \"t\",",
                "\"topic\": \"t\", \"dedup\": {\"key\": [\"a\"], \"window\": \"-5m\"},"));

        Window window = definition.sources().get(0).dedup().window();
        assertThat(window.text()).isEqualTo("-5m");
        assertThat(window.isValid()).isFalse();
    }

    @Test
    void keepsNullsInListsSoTheValidatorCanReportThem() {
        PipelineDefinition definition = PipelineJson.read(MINIMAL.replace("[\"k:9092\"]", "[\"k:9092\", null]"));

        assertThat(definition.sources().get(0).connection().brokers()).containsExactly("k:9092", null);
    }

    @Test
    void definitionListsCannotBeChanged() {
        PipelineDefinition definition = PipelineJson.read(MINIMAL);

        assertThatThrownBy(() -> definition.sources().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> definition.sink().mapping().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDefinitions")
    void reportsEveryProblemOfTheJsonWithItsPath(String description, String json, List<Violation> expected) {
        assertThatExceptionOfType(InvalidDefinitionException.class).isThrownBy(() -> PipelineJson.read(json))
            .satisfies((ex) -> {
                assertThat(ex.violations()).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(ex.violations().get(i).path()).isEqualTo(expected.get(i).path());
                    assertThat(ex.violations().get(i).message()).contains(expected.get(i).message());
                }
            });
    }

    static Stream<Arguments> malformedDefinitions() {
        return Stream.of(
                arguments("unknown field type", MINIMAL.replace("\"type\": \"string\"", "\"type\": \"text\""),
                        violation("$.sources[0].schema.fields[0].type",
                                "unknown value \"text\"; expected one of: string, int, float, bool, array, object, timestamp")),
                arguments("unknown properties at several depths",
                        MINIMAL.replace("\"id\": \"p\",", "\"id\": \"p\", \"owner\": \"me\",")
                            .replace("\"topic\": \"t\",", "\"topic\": \"t\", \"group\": \"g\",")
                            .replace("\"table\": \"t\",", "\"table\": \"t\", \"engine\": \"MergeTree\","),
                        violation("$.owner", "unknown property \"owner\"; expected one of: id, name, sources, join, filter, sink"),
                        violation("$.sources[0].group", "unknown property \"group\""),
                        violation("$.sink.engine", "unknown property \"engine\"")),
                arguments("property name that needs quoting in the path",
                        MINIMAL.replace("\"id\": \"p\",", "\"id\": \"p\", \"my id\": 1,"),
                        violation("$['my id']", "unknown property \"my id\"")),
                arguments("wrong types everywhere",
                        MINIMAL.replace("\"name\": \"P\"", "\"name\": 7")
                            .replace("[\"k:9092\"]", "\"k:9092\"")
                            .replace("\"database\": \"db\"", "\"database\": [\"db\"]")
                            .replace("\"url\": \"http://ch:8123\",",
                                    "\"url\": \"http://ch:8123\", \"maxBatchSize\": \"500\", \"maxDelay\": 5,"),
                        violation("$.name", "must be a string, not 7"),
                        violation("$.sources[0].connection.brokers", "must be an array, not the string \"k:9092\""),
                        violation("$.sink.maxBatchSize", "must be an integer, not the string \"500\""),
                        violation("$.sink.maxDelay", "must be a string, not 5"),
                        violation("$.sink.database", "must be a string, not an array")),
                arguments("fractional and oversized integers",
                        MINIMAL.replace("\"url\": \"http://ch:8123\",", "\"url\": \"http://ch:8123\", \"maxBatchSize\": 1.5,"),
                        violation("$.sink.maxBatchSize", "must be an integer, not 1.5")),
                arguments("integer beyond int", MINIMAL.replace("\"url\": \"http://ch:8123\",",
                        "\"url\": \"http://ch:8123\", \"maxBatchSize\": 99999999999,"),
                        violation("$.sink.maxBatchSize", "is out of range: 99999999999")),
                arguments("string where a boolean belongs",
                        MINIMAL.replace("[\"k:9092\"]", "[\"k:9092\"], \"skipTlsVerification\": \"yes\""),
                        violation("$.sources[0].connection.skipTlsVerification", "must be true or false, not the string \"yes\"")),
                arguments("unknown enum values",
                        MINIMAL.replace("[\"k:9092\"]",
                                "[\"k:9092\"], \"securityProtocol\": \"TLS\", \"saslMechanism\": \"SCRAM_SHA_256\"")
                            .replace("\"topic\": \"t\",", "\"topic\": \"t\", \"initialOffset\": \"EARLIEST\","),
                        violation("$.sources[0].connection.securityProtocol",
                                "unknown value \"TLS\"; expected one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                        violation("$.sources[0].connection.saslMechanism",
                                "unknown value \"SCRAM_SHA_256\"; expected one of: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"),
                        violation("$.sources[0].initialOffset", "expected one of: earliest, latest")),
                arguments("join type other than inner or left",
                        MINIMAL.replace("\"sink\":", "\"join\": {\"type\": \"outer\"}, \"sink\":"),
                        violation("$.join.type", "unknown value \"outer\"; expected one of: inner, left")),
                arguments("list element of the wrong type",
                        MINIMAL.replace("[{\"field\": \"a\", \"column\": \"a\"}]", "[{\"field\": \"a\", \"column\": \"a\"}, \"b\"]"),
                        violation("$.sink.mapping[1]", "must be an object, not the string \"b\"")),
                arguments("duplicate property", MINIMAL.replace("\"id\": \"p\",", "\"id\": \"p\", \"id\": \"q\","),
                        violation("$", "malformed JSON at line 1, column 17: Duplicate Object property \"id\"")),
                arguments("syntax error", "{\"id\": \"p\",\n \"name\": }",
                        violation("$", "malformed JSON at line 2, column 10: Unexpected character ('}'")),
                arguments("truncated input", "{\"id\": \"p\"",
                        violation("$", "malformed JSON at line 1, column 11: Unexpected end-of-input")),
                arguments("content after the object", "{\"id\": \"p\"} {}",
                        violation("$", "malformed JSON at line 1, column 13: unexpected content after the JSON object")),
                arguments("array instead of object", "[]", violation("$", "must be an object, not an array")),
                arguments("empty input", "", violation("$", "must be a JSON object")),
                arguments("null", "null", violation("$", "must be a JSON object")));
    }

    @Test
    void masksEverySecret() {
        PipelineDefinition definition = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

        PipelineDefinition masked = definition.withSecretsMasked();

        assertThat(masked.sources()).extracting(SourceDefinition::connection)
            .extracting(KafkaConnection::username, KafkaConnection::password, KafkaConnection::caCertificatePem)
            .containsExactly(tuple("sluice", "********", "********"), tuple("payments", "********", null));
        assertThat(masked.sink().password()).isEqualTo("********");
        assertThat(masked.sink().username()).isEqualTo("writer");
        assertThat(PipelineJson.write(masked)).doesNotContain("orders-secret", "payments-secret", "clickhouse-secret",
                "MIIB");
        assertThat(masked.join()).isEqualTo(definition.join());
        assertThat(masked.sources().get(0).schema()).isEqualTo(definition.sources().get(0).schema());
    }

    @Test
    void leavesAbsentSecretsAbsentWhenMasking() {
        PipelineDefinition masked = PipelineJson.read(MINIMAL).withSecretsMasked();

        assertThat(masked.sources().get(0).connection().password()).isNull();
        assertThat(masked.sink().password()).isNull();
    }

    @Test
    void neverPrintsSecretsInToString() {
        PipelineDefinition definition = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

        assertThat(definition.toString()).contains("writer", "sluice", "********")
            .doesNotContain("orders-secret", "payments-secret", "clickhouse-secret", "MIIB");
    }

    private static Arguments arguments(String description, String json, Violation... expected) {
        return Arguments.of(description, json, List.of(expected));
    }

    private static Violation violation(String path, String messageFragment) {
        return new Violation(path, messageFragment);
    }

}
