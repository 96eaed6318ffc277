package io.sluice.demo;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * What the demo container is told through its environment; every default is the compose
 * stack's own name for a server, so {@code docker compose --profile demo up} needs none of them
 * but the api-service's bootstrap token, which the stack already requires.
 *
 * @param api the api-service ({@code SLUICE_DEMO_APIURL})
 * @param token an admin API token ({@code SLUICE_BOOTSTRAP_TOKEN})
 * @param brokers Kafka, as the containers reach it ({@code SLUICE_DEMO_BROKERS})
 * @param clickHouse ClickHouse HTTP, as the containers reach it ({@code SLUICE_DEMO_CLICKHOUSEURL})
 * @param eventsPerSecond how fast sample orders are produced ({@code SLUICE_DEMO_RATE})
 * @param duplicateShare the share of events that resend an earlier order ({@code SLUICE_DEMO_DUPLICATES})
 * @param malformedEvery one event in this many is not JSON, to show a dead letter ({@code SLUICE_DEMO_MALFORMEDEVERY})
 */
record DemoSettings(URI api, String token, String brokers, URI clickHouse, int eventsPerSecond,
        double duplicateShare, int malformedEvery) {

    /** The pipeline, topic and ClickHouse table the demo creates. */
    static final String PIPELINE = "demo-orders";

    static final String DATABASE = "demo";

    static final String TABLE = "orders";

    DemoSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("SLUICE_BOOTSTRAP_TOKEN is not set: the demo creates its pipeline"
                    + " through the REST API with the stack's bootstrap token");
        }
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("SLUICE_DEMO_RATE must be at least 1, was " + eventsPerSecond);
        }
        if (duplicateShare < 0 || duplicateShare >= 1) {
            throw new IllegalArgumentException("SLUICE_DEMO_DUPLICATES must be in [0, 1), was " + duplicateShare);
        }
        if (malformedEvery < 1) {
            throw new IllegalArgumentException("SLUICE_DEMO_MALFORMEDEVERY must be at least 1, was " + malformedEvery);
        }
    }

    static DemoSettings from(Map<String, String> env) {
        return new DemoSettings(URI.create(env.getOrDefault("SLUICE_DEMO_APIURL", "http://api-service:8081")),
                env.get("SLUICE_BOOTSTRAP_TOKEN"), env.getOrDefault("SLUICE_DEMO_BROKERS", "kafka:9092"),
                URI.create(env.getOrDefault("SLUICE_DEMO_CLICKHOUSEURL", "http://clickhouse:8123")),
                number(env, "SLUICE_DEMO_RATE", "50", Integer::parseInt),
                number(env, "SLUICE_DEMO_DUPLICATES", "0.1", Double::parseDouble),
                number(env, "SLUICE_DEMO_MALFORMEDEVERY", "500", Integer::parseInt));
    }

    private static <T> T number(Map<String, String> env, String name, String fallback,
            Function<String, T> parse) {
        String value = env.getOrDefault(name, fallback);
        try {
            return parse.apply(value.trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", ex);
        }
    }
}
