package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.containers.DockerComposeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/docker/docker-compose.yml as a user runs it: images built from the packaged jars, the
 * workers scaled (2 ingest, 3 dedup, 2 sink), a dedup pipeline created through the published REST
 * API, 200,000 keyed events with 10% duplicates and malformed ones produced into the stack's Kafka
 * while a dedup and a sink container are killed with SIGKILL and dedup is then scaled down to 1
 * and sink up to 3, and ClickHouse holding exactly the first event of every key, once; and the {@code demo} profile
 * started with it, as the README's Docker section says. Testcontainers drives the local docker-compose; its Ryuk
 * container cannot be pulled here, so it is off (the failsafe settings in this module's pom)
 * and {@code stop()} removes the stack and its volumes.
 *
 * <p>Needs a Docker engine and docker-compose 1.29, so it runs only with {@code -Dsluice.docker=true}:
 * {@code ./mvnw -pl end-to-end-tests verify -Dsluice.docker=true -Dit.test=DockerComposeEndToEndIntegrationTests}.
 * By default it builds and uses the stand-in server images of deploy/docker/local-images (this
 * machine reaches no registry); {@code -Dsluice.docker.officialImages=true} uses the official ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "sluice.docker", matches = "true",
        disabledReason = "needs a Docker engine and docker-compose: run with -Dsluice.docker=true (deploy/docker/README.md)")
class DockerComposeEndToEndIntegrationTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final String TOKEN = "slc_docker-compose-test-token-000000";

    private static final String ADMIN_PASSWORD = "docker-compose-test-password";

    // Host ports apart from deploy/docker's defaults, so a stack started by hand may keep running.
    private static final int UI_PORT = 28080;

    private static final int API_PORT = 28081;

    private static final int KAFKA_PORT = 29092;

    private static final int CLICKHOUSE_PORT = 28123;

    private static final int EVENTS = Integer.getInteger("sluice.docker.events", 200_000);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DockerComposeContainer<?> stack;

    private Map<String, String> environment;

    private ClickHouseHttp clickHouse;

    @BeforeAll
    void startStack() throws Exception {
        // A second run of this test (or a stack a user started with these ports) would make
        // `up` fail with nothing but its exit code in the test's report.
        for (int port : List.of(UI_PORT, API_PORT, KAFKA_PORT, CLICKHOUSE_PORT)) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("0.0.0.0", port));
            }
            catch (IOException ex) {
                throw new AssertionError("host port " + port + " of this test's stack is taken (another run of it? "
                        + "docker ps: " + docker("ps", "--filter", "publish=" + port, "--format", "{{.Names}}").strip() + ")", ex);
            }
        }
        Map<String, String> env = new HashMap<>(imageVariables());
        env.put("SLUICE_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("SLUICE_BOOTSTRAP_TOKEN", TOKEN);
        env.put("SLUICE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SLUICE_UI_HOST_PORT", String.valueOf(UI_PORT));
        env.put("SLUICE_API_HOST_PORT", String.valueOf(API_PORT));
        env.put("SLUICE_KAFKA_HOST_PORT", String.valueOf(KAFKA_PORT));
        env.put("SLUICE_CLICKHOUSE_HOST_PORT", String.valueOf(CLICKHOUSE_PORT));
        // This machine's dockerd may not raise ClickHouse's open-files limit to 262144.
        env.put("SLUICE_CLICKHOUSE_NOFILE", System.getProperty("sluice.docker.clickhouseNofile", "20000"));
        this.environment = env;
        this.stack = new DockerComposeContainer<>(ROOT.resolve("deploy/docker/docker-compose.yml").toFile())
                .withEnv(env)
                .withBuild(true)
                .withPull(false)
                // The demo profile as the README's Docker section starts it, beside this test's own pipeline.
                .withOptions("--profile", "demo")
                // Scaling makes Testcontainers name services on `up`, which then starts only those
                // and what they depend on: every service is named.
                .withServices("postgres", "redis", "nats", "zookeeper", "clickhouse", "kafka", "api-service",
                        "ingest-service", "dedup-service", "join-service", "sink-service", "ui", "demo")
                .withScaledService("ingest-service", 2)
                .withScaledService("dedup-service", 3)
                .withScaledService("sink-service", 2)
                .withRemoveVolumes(true);
        try {
            this.stack.start();
        }
        catch (RuntimeException ex) {
            // The test's report shows the message's first line: say there which containers did not come up.
            throw new AssertionError("docker-compose up failed; containers not running or unhealthy: "
                    + docker("ps", "-a", "--filter", "label=com.docker.compose.project", "--format",
                            "{{.Names}} ({{.Status}})").lines().filter((line) -> !line.contains("(Up") || line.contains("unhealthy"))
                            .collect(Collectors.joining(", "))
                    + " (docker-compose's own output is in this test's log)", ex);
        }
        // up -d returns once the api-service is healthy; nothing waits there for ClickHouse (after
        // its ZooKeeper) and the workers start behind it (the status checks below wait for them).
        this.clickHouse = new ClickHouseHttp("http://127.0.0.1:" + CLICKHOUSE_PORT);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> this.clickHouse.queryLong("SELECT 1") == 1
                        && get(API_PORT, "/actuator/health").body().contains("\"UP\""));
    }

    @AfterAll
    void stopStack() {
        if (this.stack != null) {
            this.stack.stop();
        }
    }

    @Test
    void aScaledStackKeepsTheFirstEventOfEveryKeyOnceThroughKillsAndRescaling() throws Exception {
        String run = "compose" + System.currentTimeMillis();
        this.clickHouse.execute("CREATE DATABASE IF NOT EXISTS compose");
        this.clickHouse.execute("CREATE TABLE compose." + run + " (order_id String, customer_id UInt64, amount Float64,"
                + " status String, created_at DateTime) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/compose/"
                + run + "', '{replica}') ORDER BY order_id");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + KAFKA_PORT))) {
            admin.createTopics(List.of(new NewTopic(run, 3, (short) 1))).all().get();
        }
        String definition = Files.readString(ROOT.resolve("deploy/examples/orders-dedup.json"))
                .replace("\"id\": \"orders-dedup\"", "\"id\": \"" + run + "\"")
                .replace("\"topic\": \"orders\"", "\"topic\": \"" + run + "\"")
                .replace("\"table\": \"orders\"", "\"table\": \"" + run + "\"")
                .replace("\"database\": \"default\"", "\"database\": \"compose\"")
                .replace("localhost:9092", "kafka:9092")
                .replace("http://localhost:8123", "http://clickhouse:8123");
        assertThat(send(API_PORT, "POST", "/api/v1/pipelines", definition).statusCode()).isBetween(200, 299);
        assertThat(send(API_PORT, "POST", "/api/v1/pipelines/" + run + "/start", "").statusCode()).isBetween(200, 299);

        int unique = EVENTS - EVENTS / 10;
        int malformed = 50;
        // Every replica of every scaled worker reports, each under its own container's id.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get(API_PORT, "/api/v1/pipelines/" + run + "/status").body());
            assertThat(reporting(status, "ingest")).hasSize(2);
            assertThat(reporting(status, "dedup")).hasSize(3);
            assertThat(reporting(status, "sink")).hasSize(2);
        });

        // A quarter of the events; then one dedup and one sink container killed with SIGKILL; a
        // quarter more; then dedup scaled down to 1 and sink up to 3; the rest while they settle.
        long expectedSum = produce(run, 0, unique / 4, EVENTS / 10, malformed);
        docker("kill", "-s", "KILL", containers("dedup-service").get(0));
        docker("kill", "-s", "KILL", containers("sink-service").get(0));
        expectedSum += produce(run, unique / 4, unique / 2, EVENTS / 10, 0);
        compose("up", "-d", "--no-recreate", "--scale", "ingest-service=2", "--scale", "dedup-service=1", "--scale",
                "sink-service=3");
        expectedSum += produce(run, unique / 2, unique, EVENTS / 10, 0);
        long sum = expectedSum;

        // A ceiling for a loaded 2-core machine running 15 containers, not a speed claim (alone,
        // the rows are in within two minutes); on a timeout the status says where events stopped.
        try {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> this.clickHouse.queryLong("SELECT count() FROM compose." + run) >= unique);
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError(this.clickHouse.queryLong("SELECT count() FROM compose." + run) + " of " + unique
                    + " rows; status: " + get(API_PORT, "/api/v1/pipelines/" + run + "/status").body(), ex);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get(API_PORT, "/api/v1/pipelines/" + run + "/status").body());
            assertThat(reporting(status, "dedup")).hasSize(1);
            assertThat(reporting(status, "sink")).hasSize(3);
        });
        // Dead letters as the pipeline's stream holds them: the replicas' counters went with them.
        assertThat(JSON.readTree(get(API_PORT, "/api/v1/pipelines/" + run + "/dlq?limit=500").body()))
                .hasSize(malformed);
        E2eSupport.holdsExactly(this.clickHouse, "compose." + run, unique, Duration.ofSeconds(5));
        assertThat(this.clickHouse.queryRows("SELECT count(), uniqExact(order_id), countIf(amount = 9999),"
                + " toUInt64(sum(amount)) FROM compose." + run))
                .containsExactly(unique + "\t" + unique + "\t0\t" + sum);
        assertThat(get(UI_PORT, "/login").body()).contains("<title>Log in");
    }

    /**
     * The demo container sets up its pipeline and produces orders with duplicates (and through
     * the other test's kills and rescaling too, whichever runs first): deduplicated rows in
     * ClickHouse, the duplicates counted as dropped and the malformed events as dead letters.
     */
    @Test
    void theDemoProfileShowsDeduplicatedOrdersAndLiveCounters() throws Exception {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
            assertThat(this.clickHouse.queryLong("SELECT count() FROM demo.orders")).isPositive();
            JsonNode status = JSON.readTree(get(API_PORT, "/api/v1/pipelines/demo-orders/status").body());
            assertThat(component(status, "dedup").path("duplicatesDropped").asLong()).isPositive();
            assertThat(component(status, "ingest").path("deadLetters").asLong()).isPositive();
            assertThat(component(status, "sink").path("eventsOut").asLong()).isPositive();
        });
        assertThat(this.clickHouse.queryRows("SELECT count() = uniqExact(order_id) FROM demo.orders"))
                .as("every order in demo.orders once").containsExactly("1");
        assertThat(docker("logs", containers("demo").get(0))).contains("pipeline demo-orders started")
                .contains("duplicates of them");
        // The same counters on the UI's pipeline page, as a user logged in through the published port sees it.
        String page = uiPage("/pipelines/demo-orders");
        Matcher dedupRow = Pattern.compile("<th scope=\"row\" data-label=\"Component\">dedup</th>.*?"
                + "data-label=\"Duplicates\" class=\"num\">([0-9,]+)<", Pattern.DOTALL).matcher(page);
        assertThat(dedupRow.find()).as("the dedup row of the pipeline page:\n" + page).isTrue();
        assertThat(Long.parseLong(dedupRow.group(1).replace(",", ""))).isPositive();
    }

    /** A page of the UI after logging in with the stack's admin user (form login, with its CSRF token). */
    private String uiPage(String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String base = "http://127.0.0.1:" + UI_PORT;
        String login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrf.group(1);
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.uri().getPath()).as("where the login led").doesNotStartWith("/login");
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    /**
     * Orders {@code from} to {@code to} (exclusive), keyed by order id, so a duplicate follows its
     * first event on the same partition; every ninth is sent again with amount 9999 while fewer
     * than {@code duplicates} have been; then {@code malformed} events that are not JSON.
     * @return the sum of the first events' amounts
     */
    private long produce(String topic, int from, int to, int duplicates, int malformed) throws Exception {
        Properties properties = TestProducers.properties("127.0.0.1:" + KAFKA_PORT);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        long sum = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (int i = from; i < to; i++) {
                int amount = 1 + Math.floorMod(i * 7919, 500);
                sum += amount;
                producer.send(new ProducerRecord<>(topic, "o-" + i, order(i, amount)));
                if (i % 9 == 0 && i / 9 < duplicates) {
                    producer.send(new ProducerRecord<>(topic, "o-" + i, order(i, 9999)));
                }
            }
            for (int i = 0; i < malformed; i++) {
                producer.send(new ProducerRecord<>(topic, "bad-" + i, "{not json".getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return sum;
    }

    private static byte[] order(int i, int amount) {
        return ("{\"order_id\":\"o-" + i + "\",\"customer\":{\"id\":" + (i % 97) + "},\"amount\":" + amount
                + ",\"status\":\"paid\",\"created_at\":\"2026-12-04T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode component(JsonNode status, String name) {
        for (JsonNode component : status.path("components")) {
            if (name.equals(component.path("component").asString())) {
                return component;
            }
        }
        throw new AssertionError("no component " + name + " in " + status);
    }

    /** The replicas of a component whose heartbeat is recent; one killed or scaled away drops out. */
    private static Set<String> reporting(JsonNode status, String name) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode replica : component(status, name).path("replicas")) {
            if (replica.path("reporting").asBoolean()) {
                ids.add(replica.path("replicaId").asString());
            }
        }
        return ids;
    }

    /** The compose project Testcontainers named this stack: the one whose ui publishes this test's port. */
    private static String project() throws Exception {
        String project = docker("ps", "--filter", "label=com.docker.compose.service=ui", "--filter", "publish=" + UI_PORT,
                "--format", "{{.Label \"com.docker.compose.project\"}}").trim();
        assertThat(project).as("the compose project of the ui on port " + UI_PORT).isNotBlank().doesNotContain("\n");
        return project;
    }

    /** The running containers of a compose service of this stack. */
    private static List<String> containers(String service) throws Exception {
        String project = project();
        List<String> found = docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + project, "--filter",
                "label=com.docker.compose.service=" + service).lines().filter(line -> !line.isBlank()).toList();
        assertThat(found).as(service + " containers of project " + project).isNotEmpty();
        return found;
    }

    /** docker-compose on this test's stack, with its environment: what a user scaling it by hand runs. */
    private void compose(String... arguments) throws Exception {
        String project = project();
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project, "-f",
                ROOT.resolve("deploy/docker/docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(this.environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
    }

    private static String docker(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    /** The SLUICE_*_IMAGE variables of deploy/docker/local-images/build.sh, which builds what is missing. */
    private static Map<String, String> imageVariables() throws Exception {
        if (Boolean.getBoolean("sluice.docker.officialImages")) {
            return Map.of();
        }
        Process build = new ProcessBuilder(ROOT.resolve("deploy/docker/local-images/build.sh").toString(), "--env")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as("deploy/docker/local-images/build.sh exit code").isZero();
        return out.lines().filter((line) -> line.startsWith("export "))
                .map((line) -> line.substring("export ".length()).split("=", 2))
                .collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1]));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return send(port, "GET", path, null);
    }

    private static HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
        if (json == null) {
            request.GET();
        }
        else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
