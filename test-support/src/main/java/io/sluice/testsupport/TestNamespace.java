package io.sluice.testsupport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names that are unique to one test class, so tests never see each other's data even when a
 * previous run left its topics, streams, keys, databases or schemas behind.
 *
 * <p>{@code id} is lower-case letters, digits and underscores only, at most 29 characters, which is
 * a valid Kafka topic name, NATS name prefix (at most 32), Redis key fragment, ClickHouse database
 * name and PostgreSQL identifier.
 */
public record TestNamespace(String id) {

    private static final int MAX_CLASS_PART = 20;

    // Which namespaces each test class was given, so @RealServers can remove their NATS streams
    // once the class is done (see JetStreamJanitor).
    private static final Map<Class<?>, List<TestNamespace>> ISSUED = new ConcurrentHashMap<>();

    public static TestNamespace forClass(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (base.length() > MAX_CLASS_PART) {
            base = base.substring(0, MAX_CLASS_PART);
        }
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        TestNamespace namespace = new TestNamespace("t_" + base + "_" + suffix);
        ISSUED.computeIfAbsent(testClass, (key) -> new CopyOnWriteArrayList<>()).add(namespace);
        return namespace;
    }

    /** The namespaces {@link #forClass} gave this class, forgotten by this call. */
    static List<TestNamespace> takeIssued(Class<?> testClass) {
        List<TestNamespace> issued = ISSUED.remove(testClass);
        return issued == null ? List.of() : List.copyOf(issued);
    }

    /** A Kafka topic of this namespace; {@code name} distinguishes several topics of one class. */
    public String kafkaTopic(String name) {
        return "sluice-" + id + "-" + name;
    }

    /** Prefix for every NATS stream, subject and KV bucket the test creates. */
    public String natsPrefix() {
        return id;
    }

    /** Prefix for every Redis key the test writes. */
    public String redisPrefix() {
        return id + ":";
    }

    public String clickHouseDatabase() {
        return id;
    }

    public String postgresSchema() {
        return id;
    }
}
