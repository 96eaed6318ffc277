package io.sluice.model.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.sluice.model.Examples;
import io.sluice.model.definition.InvalidDefinitionException;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineValidatorTests {

    private static final String DEDUP = Examples.json(Examples.ORDERS_DEDUP);

    private static final String JOIN = Examples.json(Examples.ORDERS_PAYMENTS_JOIN);

    private static final Path DEPLOY_EXAMPLE = Path.of("..", "deploy", "examples", Examples.ORDERS_DEDUP);

    @ParameterizedTest
    @ValueSource(strings = { Examples.ORDERS_DEDUP, Examples.ORDERS_PAYMENTS_JOIN })
    void acceptsTheExamples(String example) {
        assertThat(violations(Examples.json(example))).isEmpty();
    }

    @Test
    void deployExampleIsTheValidExample() throws IOException {
        assertThat(DEPLOY_EXAMPLE).exists();
        String deployed = Files.readString(DEPLOY_EXAMPLE);

        assertThat(violations(deployed)).isEmpty();
        assertThat(PipelineJson.read(deployed)).isEqualTo(PipelineJson.read(DEDUP));
    }

    @Test
    void acceptsSeveralIndependentSourcesWithoutAJoin() {
        JsonEdits edits = JsonEdits.of(DEDUP);
        String source = edits.get("sources[0]");
        edits.set("sources[1]", source).set("sources[1].id", "\"returns\"").set("sources[1].topic", "\"returns\"");
        edits.set("sources[2]", source).set("sources[2].id", "\"exchanges\"").remove("sources[2].dedup");

        assertThat(violations(edits.json())).isEmpty();
    }

    @Test
    void requireValidReturnsAValidDefinition() {
        PipelineDefinition definition = PipelineJson.read(JOIN);

        assertThat(PipelineValidator.requireValid(definition)).isSameAs(definition);
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        PipelineDefinition definition = PipelineJson.read(JsonEdits.of(DEDUP).remove("name").remove("sink").json());

        assertThatExceptionOfType(InvalidDefinitionException.class)
            .isThrownBy(() -> PipelineValidator.requireValid(definition))
            .satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::path).containsExactly("$.name", "$.sink"))
            .withMessageContaining("$.name: is required; $.sink: is required");
    }

    @Test
    void reportsAMissingDefinition() {
        assertThat(PipelineValidator.validate(null)).containsExactly(new Violation("$", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void reportsEveryProblemWithItsPath(String description, String json, List<Violation> expected) {
        List<Violation> actual = violations(json);

        List<Violation> unmatched = new ArrayList<>(actual);
        List<Violation> missing = new ArrayList<>();
        for (Violation wanted : expected) {
            Violation found = unmatched.stream()
                .filter((v) -> v.path().equals(wanted.path()) && v.message().contains(wanted.message()))
                .findFirst()
                .orElse(null);
            if (found != null) {
                unmatched.remove(found);
            }
            else {
                missing.add(wanted);
            }
        }
        assertThat(missing).as("expected but not reported; reported: %s", actual).isEmpty();
        assertThat(unmatched).as("reported but not expected").isEmpty();
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                invalid("missing sink", JsonEdits.of(DEDUP).remove("sink"), violation("$.sink", "is required")),
                invalid("credentials inside the sink URL",
                        JsonEdits.of(DEDUP).set("sink.url", "\"http://writer:s3cret@clickhouse:8123\""),
                        violation("$.sink.url", "must not contain a user or password (user:password@)")),
                invalid("unknown field type, reported when reading the JSON",
                        JsonEdits.of(DEDUP).set("sources[0].schema.fields[2].type", "\"decimal\""),
                        violation("$.sources[0].schema.fields[2].type", "unknown value \"decimal\"; expected one of: string")),
                invalid("wrong types, reported when reading the JSON",
                        JsonEdits.of(DEDUP).set("sink.maxBatchSize", "\"many\"").set("sources[0].dedup.key", "\"order_id\""),
                        violation("$.sources[0].dedup.key", "must be an array, not the string \"order_id\""),
                        violation("$.sink.maxBatchSize", "must be an integer, not the string \"many\"")),
                invalid("negative window", JsonEdits.of(DEDUP).set("sources[0].dedup.window", "\"-5m\""),
                        violation("$.sources[0].dedup.window", "must be positive, was '-5m'")),
                invalid("window over 30 days", JsonEdits.of(DEDUP).set("sources[0].dedup.window", "\"31d\""),
                        violation("$.sources[0].dedup.window", "must be at most 30d, was '31d'")),
                invalid("window without unit and missing window",
                        JsonEdits.of(JOIN).set("join.left.window", "\"90\"").remove("join.right.window"),
                        violation("$.join.left.window", "'90' is not a duration"),
                        violation("$.join.right.window", "is required")),
                invalid("join without keys", JsonEdits.of(JOIN).set("join.left.key", "[]").set("join.right.key", "[]"),
                        violation("$.join.left.key", "needs at least one field"),
                        violation("$.join.right.key", "needs at least one field")),
                invalid("join keys of different arity",
                        JsonEdits.of(JOIN).set("join.right.key", "[\"order_ref\", \"payment_id\"]"),
                        violation("$.join.right.key", "has 2 fields but the left key has 1")),
                invalid("join keys of different types", JsonEdits.of(JOIN).set("join.left.key", "[\"customer.id\"]"),
                        violation("$.join.right.key[0]",
                                "field \"order_ref\" is a string but the left key field \"customer.id\" is an int")),
                invalid("duplicated source ids",
                        JsonEdits.of(DEDUP).set("sources[1]", JsonEdits.of(DEDUP).get("sources[0]")),
                        violation("$.sources[1].id", "duplicate source id \"orders\" (also at $.sources[0].id)")),
                invalid("renamed source leaves the join's references dangling",
                        JsonEdits.of(JOIN).set("sources[1].id", "\"orders\""),
                        violation("$.sources[1].id", "duplicate source id \"orders\""),
                        violation("$.join.right.sourceId", "unknown source \"payments\""),
                        violation("$.join.outputFields[3].sourceId", "unknown source \"payments\""),
                        violation("$.join.outputFields[4].sourceId", "unknown source \"payments\"")),
                invalid("dedup key not in the schema",
                        JsonEdits.of(DEDUP).set("sources[0].dedup.key", "[\"order_id\", \"customer\", \"order_id\"]"),
                        violation("$.sources[0].dedup.key[1]",
                                "unknown field \"customer\": not in the schema of source \"orders\""),
                        violation("$.sources[0].dedup.key[2]", "duplicate key field \"order_id\"")),
                invalid("dedup key on an array field", JsonEdits.of(JOIN).set("sources[0].dedup.key", "[\"tags\"]"),
                        violation("$.sources[0].dedup.key[0]",
                                "field \"tags\" is an array; a key field must be a string, int, float, bool or timestamp")),
                invalid("bad slugs", JsonEdits.of(DEDUP).set("id", "\"Orders_Dedup\"").set("sources[0].id", "\"-orders\""),
                        violation("$.id", "must be a slug of at most 63 lower-case letters, digits and '-'"),
                        violation("$.sources[0].id", "not \"-orders\"")),
                invalid("missing id", JsonEdits.of(DEDUP).remove("id"),
                        violation("$.id", "is required")),
                invalid("reserved id", JsonEdits.of(DEDUP).set("id", "\"new\""),
                        violation("$.id", "\"new\" is reserved")),
                invalid("slug too long", JsonEdits.of(DEDUP).set("id", "\"" + "a".repeat(64) + "\""),
                        violation("$.id", "must be at most 63 characters, was 64")),
                invalid("source id too long", JsonEdits.of(DEDUP).set("sources[0].id", "\"" + "a".repeat(100) + "\""),
                        violation("$.sources[0].id", "must be at most 63 characters, was 100")),
                invalid("name too long", JsonEdits.of(DEDUP).set("name", "\"" + "x".repeat(100_000) + "\""),
                        violation("$.name", "must be at most 200 characters, was 100000")),
                invalid("sink database and table too long",
                        JsonEdits.of(DEDUP).set("sink.database", "\"" + "d".repeat(201) + "\"")
                            .set("sink.table", "\"" + "t".repeat(300) + "\""),
                        violation("$.sink.database", "must be at most 200 characters, was 201"),
                        violation("$.sink.table", "must be at most 200 characters, was 300")),
                invalid("filter too long",
                        JsonEdits.of(DEDUP).set("filter", "\"" + "amount > 1 && ".repeat(400) + "amount > 1\""),
                        violation("$.filter", "must be at most 4000 characters, was 5610")),
                invalid("SASL without credentials",
                        JsonEdits.of(DEDUP).set("sources[0].connection.securityProtocol", "\"SASL_SSL\""),
                        violation("$.sources[0].connection.saslMechanism", "is required"),
                        violation("$.sources[0].connection.username", "is required"),
                        violation("$.sources[0].connection.password", "is required")),
                invalid("credentials and CA certificate without SASL or TLS",
                        JsonEdits.of(DEDUP).set("sources[0].connection.username", "\"u\"")
                            .set("sources[0].connection.password", "\"p\"")
                            .set("sources[0].connection.caCertificatePem", "\"-----BEGIN CERTIFICATE-----\""),
                        violation("$.sources[0].connection.securityProtocol",
                                "must be SASL_PLAINTEXT or SASL_SSL to use saslMechanism, username and password, not PLAINTEXT"),
                        violation("$.sources[0].connection.caCertificatePem", "is only used with SSL or SASL_SSL")),
                invalid("CA certificate that is no PEM",
                        JsonEdits.of(DEDUP).set("sources[0].connection.securityProtocol", "\"SSL\"")
                            .set("sources[0].connection.caCertificatePem", "\"MIIBszCCAVmgAwIBAgIU\""),
                        violation("$.sources[0].connection.caCertificatePem", "must be a PEM certificate")),
                invalid("bad brokers",
                        JsonEdits.of(DEDUP).set("sources[0].connection.brokers",
                                "[\"localhost\", \"kafka:99999\", \"kafka:9092\", \"\", \"[::1]:9092\", \"kafka :9092\", null]"),
                        violation("$.sources[0].connection.brokers[0]", "must be host:port, like kafka-1:9092, not \"localhost\""),
                        violation("$.sources[0].connection.brokers[1]", "must be host:port"),
                        violation("$.sources[0].connection.brokers[3]", "is required"),
                        violation("$.sources[0].connection.brokers[5]", "must be host:port"),
                        violation("$.sources[0].connection.brokers[6]", "is required")),
                invalid("no brokers and a bad topic",
                        JsonEdits.of(DEDUP).set("sources[0].connection.brokers", "[]").set("sources[0].topic", "\"my topic\""),
                        violation("$.sources[0].connection.brokers", "needs at least one broker"),
                        violation("$.sources[0].topic", "must be a Kafka topic name")),
                invalid("empty mapping", JsonEdits.of(DEDUP).set("sink.mapping", "[]"),
                        violation("$.sink.mapping", "needs at least one column")),
                invalid("mapping to an unknown field", JsonEdits.of(DEDUP).set("sink.mapping[0].field", "\"order\""),
                        violation("$.sink.mapping[0].field",
                                "unknown field \"order\"; the pipeline's output has: order_id, customer.id, amount, status, created_at")),
                invalid("mapping to a source field the join does not output",
                        JsonEdits.of(JOIN).set("sink.mapping[1].field", "\"amount\""),
                        violation("$.sink.mapping[1].field", "unknown field \"amount\"; the pipeline's output has: order_id, order_amount")),
                invalid("duplicate and blank columns",
                        JsonEdits.of(DEDUP).set("sink.mapping[1].column", "\"order_id\"")
                            .set("sink.mapping[2].column", "\" \"")
                            .set("sink.mapping[3].columnType", "\"\""),
                        violation("$.sink.mapping[1].column", "duplicate column \"order_id\" (also at $.sink.mapping[0].column)"),
                        violation("$.sink.mapping[2].column", "is required"),
                        violation("$.sink.mapping[3].columnType", "must not be blank")),
                invalid("join referencing an unknown source", JsonEdits.of(JOIN).set("join.left.sourceId", "\"refunds\""),
                        violation("$.join.left.sourceId", "unknown source \"refunds\""),
                        violation("$.join.outputFields[0].sourceId", "must be the join's left or right source, not \"orders\""),
                        violation("$.join.outputFields[1].sourceId", "must be the join's left or right source"),
                        violation("$.join.outputFields[2].sourceId", "must be the join's left or right source")),
                invalid("join of a source with itself", JsonEdits.of(JOIN).set("join.right", JsonEdits.of(JOIN).get("join.left")),
                        violation("$.join.right.sourceId", "must differ from the left source \"orders\""),
                        violation("$.join.outputFields[3].sourceId", "must be the join's left or right source, not \"payments\""),
                        violation("$.join.outputFields[4].sourceId", "must be the join's left or right source, not \"payments\"")),
                invalid("join key and output field not in the schema",
                        JsonEdits.of(JOIN).set("join.right.key[0]", "\"order\"")
                            .set("join.outputFields[4]", "{\"sourceId\": \"payments\", \"field\": \"status\", \"as\": \"paid\"}"),
                        violation("$.join.right.key[0]", "unknown field \"order\": not in the schema of source \"payments\""),
                        violation("$.join.outputFields[4].field", "unknown field \"status\": not in the schema of source \"payments\"")),
                invalid("duplicate output field names",
                        JsonEdits.of(JOIN).set("join.outputFields[1].as", "\"order_id\"")
                            .set("join.outputFields[3].as", "\"pay ment\""),
                        violation("$.join.outputFields[1].as",
                                "duplicate output field \"order_id\" (also at $.join.outputFields[0].field)"),
                        violation("$.join.outputFields[3].as", "must be a field name"),
                        violation("$.sink.mapping[1].field", "unknown field \"order_amount\""),
                        violation("$.sink.mapping[3].field", "unknown field \"payment_id\""),
                        violation("$.filter", "unknown field \"order_amount\" at position 18"),
                        violation("$.filter", "unknown field \"payment_id\" at position 46")),
                invalid("an output field inside another",
                        JsonEdits.of(JOIN).set("join.outputFields[1].as", "\"order_id.amount\""),
                        violation("$.join.outputFields[1].as",
                                "output field \"order_id.amount\" would sit inside output field \"order_id\": rename one of them"),
                        violation("$.sink.mapping[1].field", "unknown field \"order_amount\""),
                        violation("$.filter", "unknown field \"order_amount\" at position 18")),
                invalid("join parts missing",
                        JsonEdits.of(JOIN).remove("join.type").remove("join.left").set("join.outputFields", "[]"),
                        violation("$.join.type", "is required"),
                        violation("$.join.left", "is required"),
                        violation("$.join.outputFields", "needs at least one field")),
                invalid("join with only one source",
                        JsonEdits.of(DEDUP).set("join", """
                                {"type": "temporal",
                                 "left": {"sourceId": "orders", "key": ["order_id"], "window": "1h"},
                                 "right": {"sourceId": "orders", "key": ["order_id"], "window": "1h"},
                                 "outputFields": [{"sourceId": "orders", "field": "order_id"},
                                                  {"sourceId": "orders", "field": "customer.id"},
                                                  {"sourceId": "orders", "field": "amount"},
                                                  {"sourceId": "orders", "field": "status"},
                                                  {"sourceId": "orders", "field": "created_at"}]}
                                """),
                        violation("$.join", "joins exactly two sources, but the pipeline has 1"),
                        violation("$.join.right.sourceId", "must differ from the left source \"orders\"")),
                invalid("join with a third source", JsonEdits.of(JOIN).set("sources[2]", JsonEdits.of(DEDUP).get("sources[0]"))
                    .set("sources[2].id", "\"returns\""),
                        violation("$.join", "joins exactly two sources, but the pipeline has 3")),
                invalid("maxBatchSize 0 and maxDelay over 10m",
                        JsonEdits.of(DEDUP).set("sink.maxBatchSize", "0").set("sink.maxDelay", "\"11m\""),
                        violation("$.sink.maxBatchSize", "must be between 1 and 1000000, was 0"),
                        violation("$.sink.maxDelay", "must be at most 10m, was '11m'")),
                invalid("maxBatchSize over a million", JsonEdits.of(DEDUP).set("sink.maxBatchSize", "1000001"),
                        violation("$.sink.maxBatchSize", "must be between 1 and 1000000, was 1000001")),
                invalid("filter syntax error", JsonEdits.of(DEDUP).set("filter", "\"status = 'x'\""),
                        violation("$.filter", "syntax error at position 8: unexpected character '='; use == to compare")),
                invalid("blank filter", JsonEdits.of(DEDUP).set("filter", "\"  \""),
                        violation("$.filter", "must not be blank; leave it out to keep every event")),
                invalid("filter on unknown fields and with literals of the wrong type",
                        JsonEdits.of(DEDUP).set("filter", "\"status == 5 || missing exists || amount > 'x'\""),
                        violation("$.filter",
                                "field \"status\" at position 1 is a string and cannot be compared with the number 5"),
                        violation("$.filter", "unknown field \"missing\" at position 16"),
                        violation("$.filter",
                                "field \"amount\" at position 34 is a float and cannot be compared with the string \"x\"")),
                invalid("no sources", JsonEdits.of(DEDUP).set("sources", "[]"),
                        violation("$.sources", "needs at least one source")),
                invalid("null source", JsonEdits.of(DEDUP).set("sources", "[null]"),
                        violation("$.sources[0]", "must not be null")),
                invalid("source without schema", JsonEdits.of(DEDUP).remove("sources[0].schema"),
                        violation("$.sources[0].schema", "is required")),
                invalid("schema without fields", JsonEdits.of(DEDUP).set("sources[0].schema.fields", "[]"),
                        violation("$.sources[0].schema.fields", "needs at least one field"),
                        violation("$.sources[0].dedup.key[0]", "unknown field \"order_id\"")),
                invalid("bad field definitions",
                        JsonEdits.of(DEDUP).set("sources[0].schema.fields[1]", "{\"name\": \"order_id\", \"type\": \"int\"}")
                            .set("sources[0].schema.fields[2]", "{\"name\": \"1st.amount\"}")
                            .set("sources[0].schema.fields[3]", "{\"name\": \"user..id\", \"type\": \"string\"}")
                            .set("sources[0].schema.fields[4]", "null"),
                        violation("$.sources[0].schema.fields[1].name", "duplicate field \"order_id\""),
                        violation("$.sources[0].schema.fields[2].name", "must be a field name"),
                        violation("$.sources[0].schema.fields[2].type", "is required"),
                        violation("$.sources[0].schema.fields[3].name", "must be a field name"),
                        violation("$.sources[0].schema.fields[4]", "must not be null"),
                        violation("$.sink.mapping[1].field", "unknown field \"customer.id\""),
                        violation("$.sink.mapping[2].field", "unknown field \"amount\""),
                        violation("$.sink.mapping[3].field", "unknown field \"status\""),
                        violation("$.sink.mapping[4].field", "unknown field \"created_at\""),
                        violation("$.filter", "unknown field \"status\" at position 1"),
                        violation("$.filter", "unknown field \"amount\" at position 21")),
                invalid("many problems at once",
                        JsonEdits.of(DEDUP).remove("name")
                            .set("id", "\"\"")
                            .set("sources[0].topic", "\"\"")
                            .set("sources[0].dedup.window", "\"0s\"")
                            .set("sink.url", "\"ftp://clickhouse:8123\"")
                            .remove("sink.database")
                            .set("sink.table", "\"\"")
                            .set("sink.maxDelay", "\"1.5s\""),
                        violation("$.id", "is required"),
                        violation("$.name", "is required"),
                        violation("$.sources[0].topic", "is required"),
                        violation("$.sources[0].dedup.window", "must be positive, was '0s'"),
                        violation("$.sink.url", "must be an http:// or https:// URL, like http://clickhouse:8123, not \"ftp://"),
                        violation("$.sink.database", "is required"),
                        violation("$.sink.table", "is required"),
                        violation("$.sink.maxDelay", "'1.5s' is not a duration")));
    }

    private static List<Violation> violations(String json) {
        PipelineDefinition definition;
        try {
            definition = PipelineJson.read(json);
        }
        catch (InvalidDefinitionException ex) {
            return ex.violations();
        }
        return PipelineValidator.validate(definition);
    }

    private static Arguments invalid(String description, JsonEdits edits, Violation... expected) {
        return Arguments.of(description, edits.json(), Arrays.asList(expected));
    }

    private static Violation violation(String path, String messageFragment) {
        return new Violation(path, messageFragment);
    }

}
