package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.clickhouse.ClickHouseUrls;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.ServersScript;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;

/** What the end-to-end test classes share: the api-service's settings and calls, the servers script, dead letters. */
final class E2eSupport {

    static final String TOKEN = "e2e-test-bootstrap-token-0000";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String[] WORDS = ("order shipped paid card refund delivery express standard return gift "
            + "customer account basket checkout coupon discount invoice warehouse Berlin Lisbon Austin Osaka parcel "
            + "courier tracking pending confirmed cancelled priority bulk retail online store mobile desktop campaign "
            + "newsletter loyalty points voucher size colour blue black white red green small medium large").split(" ");

    private E2eSupport() {
    }

    /**
     * A free-text field of 160 characters, the same for the same seed: an id and words drawn from a
     * small vocabulary, so that a batch of events compresses about as much as real events do (2 to 3
     * times with LZ4), not as a repeated character would (tens of times).
     */
    static String note(long seed) {
        Random random = new Random(seed);
        StringBuilder note = new StringBuilder(180).append("ref ").append(Long.toHexString(random.nextLong()));
        while (note.length() < 160) {
            note.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return note.substring(0, 160);
    }

    /** The api-service's own settings: the test's PostgreSQL schema, a fixed key and the bootstrap token. */
    static Map<String, String> apiEnvironment(LocalEndpoints endpoints, TestNamespace namespace) {
        return Map.of(
                "SLUICE_POSTGRES_URL", endpoints.postgresJdbcUrl(),
                "SLUICE_POSTGRES_USER", endpoints.postgresUser(),
                "SLUICE_POSTGRES_PASSWORD", endpoints.postgresPassword(),
                "SLUICE_POSTGRES_SCHEMA", namespace.postgresSchema(),
                "SLUICE_ENCRYPTION_KEY", "ZTJlLW9ubHktZTJlLW9ubHktZTJlLW9ubHktZTJlLTE=",
                "SLUICE_BOOTSTRAP_TOKEN", TOKEN);
    }

    /** A dedup-service's (and the api-service's, which removes its keys) settings for the Redis Cluster of servers.sh. */
    static Map<String, String> dedupOnRedisCluster(LocalEndpoints endpoints, TestNamespace namespace) {
        return Map.of(
                "SLUICE_DEDUP_REDISURI", endpoints.redisClusterUri(),
                "SLUICE_DEDUP_REDISCLUSTER", "true",
                "SLUICE_DEDUP_KEYPREFIX", namespace.redisPrefix());
    }

    static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> all = new HashMap<>(common);
        all.putAll(own);
        return all;
    }

    /** A request to the api-service with the bootstrap token; {@code json} null for a GET. */
    static HttpResponse<String> call(ServiceProcess api, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The api-service (Tomcat) closes a keep-alive connection idle for a minute; a request sent
            // on it just as it closes gets no answer at all, nothing of it read, and the JDK's client
            // sends only a GET again by itself. Seen after ManyPipelines' minute of idle measuring.
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * For a failure message: whether the extra rows are later events of a key let through (status
     * other than "first", a claim not found) or the same event stored twice (its input read or
     * published twice), and over which keys.
     */
    private static String whatCameTwice(ClickHouseHttp clickHouse, String table) {
        try {
            return "; rows first / later / distinct ids: " + clickHouse.queryRows("SELECT countIf(status = 'first'),"
                    + " countIf(status != 'first'), uniqExact(order_id) FROM " + table)
                    + "; ids stored twice as first, lowest and highest number: " + clickHouse.queryRows("SELECT count(),"
                    + " min(toUInt64OrZero(substring(order_id, 3))), max(toUInt64OrZero(substring(order_id, 3))) FROM"
                    + " (SELECT order_id FROM " + table + " WHERE status = 'first' GROUP BY order_id HAVING count() > 1)");
        } catch (RuntimeException notOrders) {
            return "";
        }
    }

    /**
     * Waits until the table holds {@code rows} rows and then goes on holding exactly that many for
     * {@code steady}: a late replay or redelivery that wrote a duplicate shows within it and fails.
     */
    static void holdsExactly(ClickHouseHttp clickHouse, String table, long rows, Duration steady) {
        try {
            await().during(steady).atMost(steady.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> clickHouse.queryLong("SELECT count() FROM " + table) == rows);
        } catch (ConditionTimeoutException e) {
            // What went wrong, before the test's database is dropped: which keys came twice.
            String found;
            try {
                found = clickHouse.queryLong("SELECT count() FROM " + table) + " rows; order ids more than once: "
                        + clickHouse.queryRows("SELECT order_id, count() AS copies FROM " + table
                                + " GROUP BY order_id HAVING copies > 1 ORDER BY order_id LIMIT 5")
                        + whatCameTwice(clickHouse, table);
            } catch (RuntimeException unreadable) {
                found = "(not readable: " + unreadable.getMessage() + ")";
            }
            throw new AssertionError(table + " did not hold exactly " + rows + " rows: " + found, e);
        }
    }

    /**
     * Waits until {@code query} (a count) reaches {@code rows}; when it does not within
     * {@code atMost}, fails with what {@code context} tells then (the pipeline's status, the
     * servers' state), so a stall in CI says where it stalled rather than only that it did.
     */
    static void awaitCount(ClickHouseHttp clickHouse, String query, long rows, Duration atMost, Callable<String> context) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> clickHouse.queryLong(query) >= rows);
        } catch (ConditionTimeoutException e) {
            String found;
            try {
                found = clickHouse.queryLong(query) + "; " + context.call();
            } catch (Exception unreadable) {
                found = "(not readable: " + unreadable + ")";
            }
            throw new AssertionError(query + " did not reach " + rows + " within " + atMost + ": " + found, e);
        }
    }

    /** The pipeline's end-to-end latency histogram over all sink replicas, from their Prometheus scrapes. */
    static LatencyHistogram latencyHistogram(List<ServiceProcess> sinks, String pipeline) throws Exception {
        LatencyHistogram all = LatencyHistogram.empty();
        for (ServiceProcess sink : sinks) {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port()
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            all = all.plus(LatencyHistogram.parse(scrape.body(), pipeline));
        }
        return all;
    }

    /** {@code deploy/local/servers.sh <command> <server>}: its output. */
    static String servers(String command, String server) throws Exception {
        return ServersScript.run(command, server);
    }

    /**
     * deploy/examples/orders-dedup.json pointed at a test's topic, servers, database and table
     * ({@link #ordersTable}), without its filter: the pipeline the end-to-end tests run.
     */
    static String exampleDefinition(String pipeline, TestNamespace namespace, LocalEndpoints endpoints) throws IOException {
        return exampleDefinitionWithFilter(pipeline, namespace, endpoints)
                .replace("\"filter\": \"status != \\\"test\\\" && amount > 0\",", "");
    }

    /** As {@link #exampleDefinition}, keeping the example's filter {@code status != "test" && amount > 0}. */
    static String exampleDefinitionWithFilter(String pipeline, TestNamespace namespace, LocalEndpoints endpoints)
            throws IOException {
        return Files.readString(Path.of("../deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + pipeline + "\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + namespace.kafkaTopic(pipeline) + "\"")
                .replace("localhost:9092", endpoints.kafkaBootstrapServers())
                .replace("http://localhost:8123", endpoints.clickHouseUrl())
                .replace("\"database\": \"default\"", "\"database\": \"" + namespace.clickHouseDatabase() + "\"")
                .replace("\"table\": \"orders\"", "\"table\": \"" + pipeline.replace('-', '_') + "\"");
    }

    /** The example definition with the pipeline's display name (a JSON string: quotes escaped). */
    static String named(String definition, String name) {
        return definition.replace("\"name\": \"Orders without duplicates\"",
                "\"name\": \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    /**
     * As {@link #exampleDefinition}, writing to the two ClickHouse replicas of {@code servers.sh up
     * cluster} (the sink's url lists both), where {@link #createOrdersTableOnReplicas} made the table.
     */
    static String exampleDefinitionOnReplicas(String pipeline, TestNamespace namespace, LocalEndpoints endpoints)
            throws IOException {
        String definition = exampleDefinition(pipeline, namespace, endpoints).replace(
                "\"url\": \"" + endpoints.clickHouseUrl() + "\"", "\"url\": \"" + endpoints.clickHouseReplicaUrls() + "\"");
        assertThat(definition).contains(endpoints.clickHouseReplicaUrls());
        return definition;
    }

    /** The table of {@link #exampleDefinitionOnReplicas} on each replica: one table, two copies. */
    static void createOrdersTableOnReplicas(String pipeline, TestNamespace namespace, LocalEndpoints endpoints) {
        for (String url : ClickHouseUrls.split(endpoints.clickHouseReplicaUrls())) {
            ClickHouseHttp replica = new ClickHouseHttp(url);
            replica.createDatabase(namespace.clickHouseDatabase());
            // The same ZooKeeper path on each, each its own {replica} macro.
            createOrdersTable(replica, pipeline, namespace);
        }
    }

    /** Drops the test's database on every replica. */
    static void dropDatabaseOnReplicas(TestNamespace namespace, LocalEndpoints endpoints) {
        for (String url : ClickHouseUrls.split(endpoints.clickHouseReplicaUrls())) {
            new ClickHouseHttp(url).dropDatabase(namespace.clickHouseDatabase());
        }
    }

    /** The table of {@link #exampleDefinition}: {@code <database>.<pipeline with _ for ->}. */
    static String ordersTable(String pipeline, TestNamespace namespace) {
        return namespace.clickHouseDatabase() + "." + pipeline.replace('-', '_');
    }

    /** That table, created as a ReplicatedMergeTree (exactly-once: a replayed insert is dropped). */
    static void createOrdersTable(ClickHouseHttp clickHouse, String pipeline, TestNamespace namespace) {
        clickHouse.execute("CREATE TABLE " + ordersTable(pipeline, namespace) + " (order_id String, customer_id UInt64,"
                + " amount Float64, status String, created_at DateTime) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + namespace.id() + "/" + pipeline + "', '{replica}') ORDER BY order_id");
    }

    /** The ports of the Redis Cluster's live masters now, from {@code CLUSTER NODES} of the first seed that answers, sorted. */
    static List<String> redisClusterMasterPorts(LocalEndpoints endpoints) {
        List<String> ports = new ArrayList<>();
        for (String line : redisClusterNodes(endpoints).split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].contains("master") && !fields[2].contains("fail")) {
                ports.add(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
            }
        }
        return ports.stream().sorted().toList();
    }

    /** {@code CLUSTER NODES} of the first seed of the Redis Cluster that answers. */
    static String redisClusterNodes(LocalEndpoints endpoints) {
        for (String each : endpoints.redisClusterUri().split(",")) {
            URI seed = URI.create(each.trim());
            String nodes = redisCli(seed.getPort(), "cluster", "nodes");
            if (nodes != null && nodes.contains("myself")) {
                return nodes;
            }
        }
        throw new IllegalStateException("no seed of the Redis Cluster answers: " + endpoints.redisClusterUri());
    }

    /**
     * Whether every live master of the Redis Cluster has a replica that is in sync with it
     * ({@code state=online} in its {@code INFO replication}): only then can a master be killed
     * with claims that waited for a replica ({@code WAIT 1}) and the cluster carry on. A node just
     * started again reloads its data and resynchronises first.
     */
    static boolean redisClusterReplicasInSync(LocalEndpoints endpoints) {
        List<String> masters = redisClusterMasterPorts(endpoints);
        if (masters.size() != 3) {
            return false;
        }
        for (String port : masters) {
            String replication = redisCli(Integer.parseInt(port), "info", "replication");
            if (replication == null || !replication.contains("state=online")) {
                return false;
            }
        }
        return true;
    }

    /** What redis-cli printed for the command on the local node at {@code port}, or null if it failed. */
    static String redisCli(int port, String... command) {
        List<String> arguments = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        arguments.addAll(List.of(command));
        try {
            Process cli = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return cli.waitFor() == 0 ? output : null;
        } catch (Exception e) {
            throw new IllegalStateException("cannot run redis-cli", e);
        }
    }

    /**
     * Orders on {@code topic}, keyed by order id: first events of keys 0..distinct-1 (status
     * "first"), then {@code duplicates} later events of random keys with another payload ("dup"),
     * so ClickHouse must end with exactly the "first" rows. {@code afterEach} gets the count sent so
     * far (a test kills a server at some count, or paces the sending).
     */
    static void produceOrders(LocalEndpoints endpoints, String topic, int total, int duplicates, long seed,
            IntConsumer afterEach) {
        Properties properties = TestProducers.properties(endpoints.kafkaBootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        int distinct = total - duplicates;
        Random random = new Random(seed);
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                boolean first = i < distinct;
                int key = first ? i : random.nextInt(distinct);
                String event = "{\"order_id\":\"o-" + key + "\",\"customer\":{\"id\":" + (key % 1000) + "},\"amount\":"
                        + (key % 97) + ".5,\"status\":\"" + (first ? "first" : "dup")
                        + "\",\"created_at\":\"2026-12-04T10:00:00Z\"}";
                producer.send(new ProducerRecord<>(topic, ("o-" + key).getBytes(StandardCharsets.UTF_8),
                        event.getBytes(StandardCharsets.UTF_8)));
                afterEach.accept(i + 1);
            }
            producer.flush();
        }
    }

    /** For {@link #produceOrders}: about {@code perSecond} events a second, so a test's kill lands while events flow. */
    static IntConsumer paced(int perSecond) {
        return (sent) -> {
            if (sent % 1000 == 0) {
                LockSupport.parkNanos(1_000_000_000L * 1000 / perSecond);
            }
        };
    }

    /** {@code servers.sh kill <name>}: SIGKILL to a server the script started, as a crash would. */
    static void killServer(String name) {
        String output;
        try {
            output = servers("kill", name);
        } catch (Exception e) {
            throw new IllegalStateException("deploy/local/servers.sh kill " + name + " did not run", e);
        }
        assertThat(output).as("deploy/local/servers.sh kill " + name).contains(name + ": killed pid");
    }

    /** The reason of every dead letter in the pipeline's queue. */
    static List<String> deadLetterReasons(LocalEndpoints endpoints, TestNamespace namespace, String pipeline) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection nats = Nats.connect(endpoints.natsUrl())) {
            String stream = NatsNames.withPrefix(namespace.natsPrefix()).deadLetterStream(pipeline);
            for (long sequence : deadLetterSequences(nats, stream)) {
                reasons.add(nats.jetStreamManagement().getMessage(stream, sequence).getHeaders()
                        .getFirst(DeadLetterCodec.REASON_HEADER));
            }
        }
        return reasons;
    }

    /** The sequences of the messages a stream holds (replayed dead letters leave holes). */
    static List<Long> deadLetterSequences(Connection nats, String stream) throws Exception {
        StreamState state = nats.jetStreamManagement().getStreamInfo(stream, StreamInfoOptions.deletedDetails()).getStreamState();
        Set<Long> deleted = state.getDeleted() == null ? Set.of() : new HashSet<>(state.getDeleted());
        List<Long> sequences = new ArrayList<>();
        for (long sequence = state.getFirstSequence(); state.getMsgCount() > 0 && sequence <= state.getLastSequence(); sequence++) {
            if (!deleted.contains(sequence)) {
                sequences.add(sequence);
            }
        }
        return sequences;
    }
}
