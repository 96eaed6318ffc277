package io.sluice.api.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Valid definitions for tests, built from {@code examples/orders-dedup.json} (and one join example). */
final class Definitions {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Definitions() {
    }

    static String example() {
        return resource("/examples/orders-dedup.json");
    }

    /** {@code examples/orders-payments-join.json}, two sources joined, under another id. */
    static String joinWithId(String id) {
        ObjectNode tree = (ObjectNode) JSON.readTree(resource("/examples/orders-payments-join.json"));
        tree.put("id", id);
        return tree.toString();
    }

    private static String resource(String path) {
        try (InputStream in = Definitions.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static ObjectNode exampleTree() {
        return (ObjectNode) JSON.readTree(example());
    }

    /** The example under another id. */
    static String withId(String id) {
        ObjectNode tree = exampleTree();
        tree.put("id", id);
        return tree.toString();
    }

    /** The example under another id, reading Kafka over SASL_SSL and writing to ClickHouse with a password. */
    static ObjectNode withSecrets(String id, String kafkaPassword, String caPem, String clickHousePassword) {
        ObjectNode tree = exampleTree();
        tree.put("id", id);
        ObjectNode connection = (ObjectNode) tree.get("sources").get(0).get("connection");
        connection.put("securityProtocol", "SASL_SSL");
        connection.put("saslMechanism", "SCRAM-SHA-512");
        connection.put("username", "orders-reader");
        connection.put("password", kafkaPassword);
        connection.put("caCertificatePem", caPem);
        ((ObjectNode) tree.get("sink")).put("password", clickHousePassword);
        return tree;
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

}
