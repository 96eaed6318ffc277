package io.sluice.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything a user does before the first event, done the way the README tells them: a
 * ReplicatedMergeTree table in ClickHouse (a replayed insert is dropped, so the pipeline may
 * start exactly-once), a topic with three partitions, and the example dedup pipeline created and
 * started through the REST API. Each step is idempotent, so a restarted demo container carries on
 * with what exists.
 */
final class DemoSetup {

    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoSetup(DemoSettings settings) {
        this.settings = settings;
    }

    void run() throws IOException, InterruptedException {
        waitFor("the api-service", this.settings.api().resolve("/actuator/health"));
        waitFor("ClickHouse", this.settings.clickHouse().resolve("/ping"));
        createTable();
        createTopic();
        createAndStartPipeline();
    }

    private void createTable() throws IOException, InterruptedException {
        clickHouse("CREATE DATABASE IF NOT EXISTS " + DemoSettings.DATABASE);
        clickHouse("CREATE TABLE IF NOT EXISTS " + DemoSettings.DATABASE + "." + DemoSettings.TABLE
                + " (order_id String, customer_id UInt64, amount Float64, status String, created_at DateTime)"
                + " ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + DemoSettings.DATABASE + "/"
                + DemoSettings.TABLE + "', '{replica}') ORDER BY order_id");
        log.info("table {}.{} ready", DemoSettings.DATABASE, DemoSettings.TABLE);
    }

    private void createTopic() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.settings.brokers()))) {
            admin.createTopics(List.of(new NewTopic(DemoSettings.PIPELINE, 3, (short) 1))).all().get();
            log.info("topic {} created with 3 partitions", DemoSettings.PIPELINE);
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + DemoSettings.PIPELINE + " on "
                        + this.settings.brokers() + ": " + ex.getCause().getMessage(), ex.getCause());
            }
            log.info("topic {} exists", DemoSettings.PIPELINE);
        }
    }

    private void createAndStartPipeline() throws IOException, InterruptedException {
        String path = "/api/v1/pipelines/" + DemoSettings.PIPELINE;
        HttpResponse<String> existing = api("GET", path, null);
        if (existing.statusCode() == 404) {
            expect(api("POST", "/api/v1/pipelines", definition()), "create pipeline " + DemoSettings.PIPELINE);
            log.info("pipeline {} created from deploy/examples/orders-dedup.json", DemoSettings.PIPELINE);
            existing = api("GET", path, null);
        }
        String status = JSON.readTree(expect(existing, "read pipeline " + DemoSettings.PIPELINE).body())
                .path("status").asString();
        switch (status) {
            case "running" -> log.info("pipeline {} is running", DemoSettings.PIPELINE);
            case "paused" -> expect(api("POST", path + "/resume", ""), "resume pipeline " + DemoSettings.PIPELINE);
            default -> expect(api("POST", path + "/start", ""), "start pipeline " + DemoSettings.PIPELINE);
        }
        log.info("pipeline {} started: watch it at the UI's pipeline page or GET {}{}/status", DemoSettings.PIPELINE,
                this.settings.api(), path);
    }

    /** The README's example pipeline, pointed at this stack's topic, servers and table. */
    private String definition() throws IOException {
        ObjectNode definition;
        try (InputStream example = DemoSetup.class.getResourceAsStream("/examples/orders-dedup.json")) {
            definition = (ObjectNode) JSON.readTree(example);
        }
        definition.put("id", DemoSettings.PIPELINE);
        definition.put("name", "Demo: sample orders without duplicates");
        ObjectNode source = (ObjectNode) definition.path("sources").get(0);
        source.put("topic", DemoSettings.PIPELINE);
        ((ObjectNode) source.path("connection")).putArray("brokers").add(this.settings.brokers());
        ObjectNode sink = (ObjectNode) definition.path("sink");
        sink.put("url", this.settings.clickHouse().toString());
        sink.put("database", DemoSettings.DATABASE);
        sink.put("table", DemoSettings.TABLE);
        return JSON.writeValueAsString(definition);
    }

    /** Polls until the server answers 200, saying every ten seconds what it waits for. */
    private void waitFor(String what, URI uri) throws InterruptedException {
        long started = System.nanoTime();
        long lastSaid = started;
        while (true) {
            try {
                if (this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // Not up yet: the compose file starts the demo once the api-service is healthy,
                // but ClickHouse may still be starting.
            }
            if (System.nanoTime() - lastSaid > Duration.ofSeconds(10).toNanos()) {
                lastSaid = System.nanoTime();
                log.info("waiting for {} at {} ({} s)", what, uri,
                        Duration.ofNanos(lastSaid - started).toSeconds());
            }
            Thread.sleep(1_000);
        }
    }

    private void clickHouse(String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(this.settings.clickHouse().resolve("/"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        expect(this.http.send(request, HttpResponse.BodyHandlers.ofString()), sql);
    }

    private HttpResponse<String> api(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.settings.api().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + this.settings.token());
        if (json == null) {
            request.GET();
        }
        else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }
}
