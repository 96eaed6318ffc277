package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.testsupport.TestProducers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Browsing a pipeline's data in a real browser against the real ui, api-service and ingest: the
 * dead letters of bad records read from a real Kafka topic, with their Kafka key and headers,
 * searched, deleted one by one and replayed.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiDataBrowsingBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiDataBrowsingBrowserIntegrationTests.class);

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static final UiStack STACK = new UiStack(NAMESPACE);

    private Browser browser;

    @BeforeAll
    static void startEverything() {
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        STACK.startApiAndUi().startIngest();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        STACK.close();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @BeforeEach
    void logIn() {
        browser = new Browser(STACK.uiUrl());
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.id("pipelines-table"));
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void deadLettersShowTheirKafkaKeyAndHeadersAndAreSearchedDeletedAndCountedAcrossReplays() throws Exception {
        createPipeline("bad-input", "Bad input");
        produce("bad-input", List.of(
                new Produced("k-1", Map.of("trace-id", "t-1"), "not json at all"),
                new Produced("k-2", Map.of(), "{\"amount\": 3}"),
                new Produced(null, Map.of(), "{\"order_id\": 5, \"needle\": ")));

        // The pipeline page and the list show the number the dead-letter stream holds.
        browser.open("/pipelines/bad-input");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> browser.text(By.id("dlq-summary")).equals("3 dead letters held"));
        browser.screenshot("pipeline-dead-letter-count");
        browser.open("/pipelines");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> browser.text(
                By.cssSelector("#pipelines-table tr[data-pipeline=bad-input] .dead-letters")).equals("3"));

        browser.open("/pipelines/bad-input");
        browser.find(By.id("dlq-count-link")).click();
        assertThat(browser.text(By.id("dlq-total"))).isEqualTo("3 dead letters held");
        WebElement keyed = row("not json at all");
        assertThat(keyed.findElement(By.cssSelector(".kafka-key")).getText()).isEqualTo("k-1");
        assertThat(keyed.findElement(By.cssSelector(".kafka-headers")).getText()).isEqualTo("trace-id: t-1");
        assertThat(row("{\"amount\": 3}").findElement(By.cssSelector(".kafka-key")).getText()).isEqualTo("k-2");
        browser.screenshot("dead-letters-with-kafka-key-and-headers");

        // Search runs over the stream: only the match is shown, the total stays the queue's.
        browser.type(By.id("dlq-q"), "needle");
        browser.find(By.id("dlq-search-submit")).click();
        browser.waitUntil(() -> browser.findAll(By.cssSelector("tr[data-sequence]")).size() == 1);
        assertThat(browser.find(By.cssSelector("tr[data-sequence] .payload-preview")).getText()).contains("needle");
        assertThat(browser.text(By.id("dlq-total"))).isEqualTo("3 dead letters held");
        browser.screenshot("dead-letters-search");

        // Delete the match alone.
        browser.find(By.cssSelector("tr[data-sequence] .delete-one")).click();
        assertThat(browser.driver().switchTo().alert().getText()).startsWith("Delete dead letter ");
        browser.driver().switchTo().alert().accept();
        assertThat(browser.text(By.cssSelector(".flash.ok"))).matches("Dead letter \\d+ deleted\\.");
        assertThat(browser.text(By.id("dlq-no-match"))).isEqualTo("No dead letter matches “needle”.");
        assertThat(browser.text(By.id("dlq-total"))).isEqualTo("2 dead letters held");

        // Replay one: the ingest fails on it again, and its new dead letter says it was replayed, with its key still.
        browser.find(By.id("dlq-search-clear")).click();
        row("not json at all").findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.find(By.id("replay-selected")).click();
        assertThat(browser.text(By.cssSelector(".flash.ok"))).startsWith("1 replayed into the pipeline.");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.open("/pipelines/bad-input/dlq");
            return browser.findAll(By.cssSelector("tr[data-sequence] .replays")).size() == 1;
        });
        WebElement back = row("not json at all");
        assertThat(back.findElement(By.cssSelector(".replays")).getText()).isEqualTo("replayed once before");
        assertThat(back.findElement(By.cssSelector(".kafka-key")).getText()).isEqualTo("k-1");
        assertThat(browser.text(By.id("dlq-total"))).isEqualTo("2 dead letters held");
        browser.screenshot("dead-letters-replayed-once");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pipelinePageLeadsToTheNewestEventsOfItsSourceWithSeekByOffsetAndByTime() throws Exception {
        createPipeline("browsed", "Browsed", false);
        String note = "n".repeat(400);
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Six events, i even in partition 0 and odd in 1, event i stamped 2026-12-05 00:00:0i UTC.
            for (int i = 0; i < 6; i++) {
                String value = "{\"order_id\":\"o-" + i + "\",\"amount\":" + i + (i == 5 ? ",\"note\":\"" + note + "\"" : "") + "}";
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(NAMESPACE.kafkaTopic("browsed"), i % 2,
                        1_796_428_800_000L + i * 1000L, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8));
                record.headers().add("trace-id", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            producer.flush();
        }

        browser.open("/pipelines/browsed");
        browser.find(By.id("action-browse")).click();
        browser.waitUntil(() -> browser.findAll(By.cssSelector(".events-browser tbody tr")).size() == 6);
        WebElement newest = browser.findAll(By.cssSelector(".events-browser tbody tr")).get(0);
        assertThat(newest.getAttribute("data-partition")).isEqualTo("1");
        assertThat(newest.getAttribute("data-offset")).isEqualTo("2");
        assertThat(newest.findElement(By.cssSelector(".time")).getText()).isEqualTo("2026-12-05 00:00:05 UTC");
        assertThat(newest.findElement(By.cssSelector(".event-key")).getText()).isEqualTo("key-5");
        assertThat(newest.findElement(By.cssSelector(".kafka-headers")).getText()).isEqualTo("trace-id: t-5");
        assertThat(newest.findElement(By.cssSelector(".payload-preview")).getText()).endsWith("…");
        newest.findElement(By.cssSelector("summary")).click();
        assertThat(newest.findElement(By.cssSelector("pre.payload-full")).getText())
                .contains("\"order_id\" : \"o-5\"", "\"note\" : \"" + note + "\"");
        assertThat(browser.text(By.id("browse-where"))).startsWith("Topic " + NAMESPACE.kafkaTopic("browsed") + ", the newest.");
        browser.screenshot("events-browser-newest");

        browser.type(By.id("partition"), "0");
        browser.type(By.id("offset"), "1");
        browser.find(By.id("seek-offset-submit")).click();
        browser.waitUntil(() -> browser.findAll(By.cssSelector(".events-browser tbody tr")).size() == 2);
        assertThat(browser.findAll(By.cssSelector(".events-browser tbody tr .event-key")).stream().map(WebElement::getText))
                .containsExactly("key-2", "key-4");

        // A browser's date-time field takes keys in the order of the user's locale: set it as a user's picker would.
        browser.script("document.getElementById('from').value = '2026-12-05T00:00:04';");
        browser.find(By.id("seek-time-submit")).click();
        browser.waitUntil(() -> browser.text(By.id("browse-where")).contains("from 2026-12-05 00:00:04 UTC"));
        assertThat(browser.findAll(By.cssSelector(".events-browser tbody tr .event-key")).stream().map(WebElement::getText))
                .containsExactly("key-4", "key-5");
        browser.screenshot("events-browser-from-time");

        browser.type(By.id("partition"), "7");
        browser.type(By.id("offset"), "0");
        browser.find(By.id("seek-offset-submit")).click();
        assertThat(browser.text(By.id("browse-error"))).isEqualTo("Partition: The topic has no partition 7: its partitions are 0 to 1.");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private WebElement row(String payloadStart) {
        return browser.findAll(By.cssSelector("tr[data-sequence]")).stream()
                .filter((row) -> row.findElement(By.cssSelector(".payload-preview")).getText().startsWith(payloadStart))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter starting with " + payloadStart));
    }

    private record Produced(String key, Map<String, String> headers, String value) {
    }

    private static void createPipeline(String id, String name) throws Exception {
        createPipeline(id, name, true);
    }

    private static void createPipeline(String id, String name, boolean start) throws Exception {
        String topic = NAMESPACE.kafkaTopic(id);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTable(CLICKHOUSE, id, NAMESPACE);
        String definition = E2eSupport.named(E2eSupport.exampleDefinition(id, NAMESPACE, ENDPOINTS), name);
        HttpResponse<String> created = STACK.api("POST", "/api/v1/pipelines", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (start) {
            assertThat(STACK.api("POST", "/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        }
    }

    private static void produce(String pipeline, List<Produced> records) throws Exception {
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Produced produced : records) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline),
                        produced.key() == null ? null : produced.key().getBytes(StandardCharsets.UTF_8),
                        produced.value().getBytes(StandardCharsets.UTF_8));
                produced.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record).get();
            }
            producer.flush();
        }
    }

}
