package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The pipeline pages in a real browser against the real ui, api-service and workers: a pipeline
 * created through the REST API on a real Kafka topic and ClickHouse table, watched while events
 * flow, paused, resumed, exported and deleted; its dead letters; importing a definition; and
 * user-controlled text (names, payloads) shown as text, never as markup.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiPipelinePagesBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiPipelinePagesBrowserIntegrationTests.class);

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static final UiStack STACK = new UiStack(NAMESPACE);

    private static final String SCRIPT_NAME = "<script>alert(1)</script>";

    private static final Path DOWNLOADS = Path.of("target", "downloads").toAbsolutePath();

    private Browser browser;

    @BeforeAll
    static void startEverything() {
        CLICKHOUSE.createDatabase(NAMESPACE.clickHouseDatabase());
        STACK.startApiAndUi().startWorkers();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        STACK.close();
        CLICKHOUSE.dropDatabase(NAMESPACE.clickHouseDatabase());
    }

    @BeforeEach
    void logIn() throws Exception {
        Files.createDirectories(DOWNLOADS);
        browser = new Browser(STACK.uiUrl());
        browser.driver().executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", DOWNLOADS.toString()));
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.id("pipelines-table"));
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void runningPipelineCountsEventsChartsThemPausesResumesAndIsDeleted() throws Exception {
        createPipeline("orders", "Orders", null, true);
        browser.open("/pipelines");

        await().atMost(Duration.ofSeconds(30)).until(() -> cell("orders", ".badge").equals("running"));
        String duplicatesBefore = cell("orders", ".duplicates");
        // Charts show rates between two samples of the replicas' counters: wait until the
        // api-service has sampled the running replicas twice (a rate, of 0, exists), or on a slow
        // machine every event could be counted before the first sample and never show as a rate.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                STACK.api("GET", "/api/v1/pipelines/orders/metrics", null).body().contains("\"eventsInPerSecond\":0.0"));
        produce("orders", 300, 60, List.of());

        // The table refreshes itself: the numbers change without a reload.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> cell("orders", ".duplicates").equals("60"));
        assertThat(duplicatesBefore).isNotEqualTo("60");
        assertThat(browser.findAll(By.cssSelector("#pipelines-table tr[data-pipeline=orders]"))).hasSize(1);
        browser.screenshot("pipelines-list");

        browser.find(By.linkText("Orders")).click();
        assertThat(browser.text(By.cssSelector("h1 .pipeline-name"))).isEqualTo("Orders");
        assertThat(browser.text(By.cssSelector("tbody[data-component=ingest] .component-row")))
                .contains("ingest", "1 replica");
        assertThat(browser.text(By.cssSelector("tbody[data-component=dedup] .component-row"))).contains("60");
        // The throughput chart has points, and one of them shows the events that came in.
        await().atMost(Duration.ofSeconds(30)).until(() -> chartMaximum("throughput", 0) > 0);
        assertThat(chartMaximum("duplicates", 0)).isPositive();
        assertThat(browser.text(By.cssSelector("[data-now=throughput]"))).startsWith("now in ");
        assertThat(browser.findAll(By.cssSelector(".events tbody tr"))).isNotEmpty();
        browser.screenshot("pipeline-detail");

        browser.find(By.id("action-pause")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("pipeline-status")).equals("paused"));
        assertThat(browser.text(By.cssSelector(".flash.ok"))).isEqualTo("Pipeline is paused.");
        browser.find(By.id("action-resume")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("pipeline-status")).equals("running"));
        assertThat(browser.text(By.cssSelector(".events tbody tr"))).contains("resumed", "paused → running");

        browser.resize(Browser.PHONE);
        browser.open("/pipelines/orders");
        browser.waitFor(By.cssSelector("h1 .pipeline-name"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chartMaximum("throughput", 0) > 0);
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at phone width").isTrue();
        browser.screenshot("pipeline-detail-phone");
        browser.resize(Browser.LAPTOP);

        browser.find(By.id("action-delete")).click();
        assertThat(browser.driver().switchTo().alert().getText()).startsWith("Delete pipeline Orders?");
        browser.driver().switchTo().alert().accept();
        assertThat(browser.text(By.cssSelector(".flash.ok"))).isEqualTo("Pipeline orders deleted.");
        assertThat(browser.path()).isEqualTo("/pipelines");
        assertThat(browser.findAll(By.cssSelector("tr[data-pipeline=orders]"))).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void deadLetterOfAMalformedEventShowsItsReasonAndItsPayloadAsText() throws Exception {
        createPipeline("bad-input", "Bad input", null, true);
        String html = "<b id=\"injected\">bold</b><img src=x id=\"injected-img\">";
        String longPayload = "{\"order_id\": 17, \"note\": \"" + "y".repeat(400) + "\"";
        produce("bad-input", 10, 0, List.of(html, "{\"amount\": 3}", longPayload));

        browser.open("/pipelines/bad-input/dlq");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.open("/pipelines/bad-input/dlq");
            return browser.findAll(By.cssSelector("tr[data-sequence]")).size() == 3;
        });
        List<String> reasons = browser.findAll(By.cssSelector("td .reason")).stream().map(WebElement::getText).toList();
        assertThat(reasons).anySatisfy((reason) -> assertThat(reason).startsWith("not valid JSON"))
                .anySatisfy((reason) -> assertThat(reason).isEqualTo("missing key field order_id"));
        WebElement htmlRow = row(html);
        assertThat(htmlRow.findElement(By.cssSelector(".payload-preview")).getText()).isEqualTo(html);
        assertThat(htmlRow.findElement(By.cssSelector("td:nth-child(4)")).getText()).startsWith(NAMESPACE.kafkaTopic("bad-input") + "/");
        assertThat(browser.findAll(By.id("injected"))).isEmpty();
        assertThat(browser.findAll(By.id("injected-img"))).isEmpty();

        WebElement longRow = row(longPayload.substring(0, 40));
        assertThat(longRow.findElement(By.cssSelector(".payload-preview")).getText()).endsWith("…");
        longRow.findElement(By.cssSelector("summary")).click();
        assertThat(longRow.findElement(By.cssSelector("pre.payload-full")).getText()).isEqualTo(longPayload);
        browser.screenshot("dead-letters");

        htmlRow.findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.find(By.id("replay-selected")).click();
        assertThat(browser.text(By.cssSelector(".flash.ok"))).startsWith("1 replayed into the pipeline.");

        browser.find(By.id("purge")).click();
        browser.driver().switchTo().alert().accept();
        assertThat(browser.text(By.cssSelector(".flash.ok"))).endsWith("purged.");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pipelineNamedLikeAScriptRendersAsTextAndItsExportKeepsTheSecretMasked() throws Exception {
        createPipeline("scripted", SCRIPT_NAME, "s3cret-password", false);

        browser.open("/pipelines");
        assertThat(cell("scripted", ".pipeline-name")).isEqualTo(SCRIPT_NAME);
        assertNoAlert();
        browser.open("/pipelines/scripted");
        assertThat(browser.text(By.cssSelector("h1 .pipeline-name"))).isEqualTo(SCRIPT_NAME);
        assertThat(browser.driver().getTitle()).isEqualTo(SCRIPT_NAME + " · Sluice");
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("created");
        assertNoAlert();

        Path file = DOWNLOADS.resolve("scripted.json");
        Files.deleteIfExists(file);
        browser.find(By.id("action-export")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(file) && Files.size(file) > 0);
        String exported = Files.readString(file);
        assertThat(exported).contains("\"id\" : \"scripted\"", "\"password\" : \"********\"").doesNotContain("s3cret");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pageOfAPipelineDeletedElsewhereSaysItIsGoneAndStopsRefreshing() throws Exception {
        createPipeline("short-lived", "Short-lived", null, false);
        browser.open("/pipelines/short-lived");
        browser.waitFor(By.cssSelector("h1 .pipeline-name"));

        assertThat(STACK.api("DELETE", "/api/v1/pipelines/short-lived", "").statusCode()).isEqualTo(204);

        assertThat(browser.text(By.cssSelector("#pipeline-live .flash.warn")))
                .startsWith("This pipeline no longer exists.");
        assertThat(browser.findAll(By.id("action-pause"))).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void importListsTheProblemsWithTheirPathsThenOpensTheImportedPipeline() throws Exception {
        String exported = definition("imported", "Imported orders", "********");

        browser.find(By.linkText("Import")).click();
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Import a pipeline");
        browser.find(By.id("definition")).sendKeys(exported);
        browser.find(By.id("import-submit")).click();

        WebElement problem = browser.waitFor(By.id("import-problem"));
        assertThat(problem.findElements(By.cssSelector(".import-errors li")).stream().map(WebElement::getText))
                .anySatisfy((error) -> assertThat(error).startsWith("$.sink.password"));
        assertThat(browser.find(By.id("definition")).getAttribute("value")).isEqualTo(exported);
        browser.screenshot("import");

        browser.type(By.id("definition"), exported.replace("********", "the-real-password"));
        browser.find(By.id("import-submit")).click();

        assertThat(browser.text(By.cssSelector("h1 .pipeline-name"))).isEqualTo("Imported orders");
        assertThat(browser.path()).isEqualTo("/pipelines/imported");
        assertThat(browser.text(By.cssSelector(".flash.ok"))).startsWith("Pipeline imported imported.");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private String cell(String pipeline, String selector) {
        return browser.text(By.cssSelector("#pipelines-table tr[data-pipeline=" + pipeline + "] " + selector));
    }

    private String text(By by) {
        return browser.text(by);
    }

    /** The largest value of a dataset of a chart on the page, or -1 while it has none. */
    private double chartMaximum(String chart, int dataset) {
        Object value = browser.script("var chart = window.Chart && Chart.getChart(document.querySelector('canvas[data-chart="
                + chart + "]')); if (!chart) { return -1; } var data = chart.data.datasets[" + dataset + "].data"
                + ".filter(function (v) { return v !== null; }); return data.length ? Math.max.apply(null, data) : -1;");
        return ((Number) value).doubleValue();
    }

    private WebElement row(String payloadStart) {
        return browser.findAll(By.cssSelector("tr[data-sequence]")).stream()
                .filter((row) -> row.findElement(By.cssSelector(".payload-preview")).getText().startsWith(payloadStart))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter starting with " + payloadStart));
    }

    private void assertNoAlert() {
        try {
            String text = browser.driver().switchTo().alert().getText();
            throw new AssertionError("a script ran and opened an alert: " + text);
        } catch (NoAlertPresentException expected) {
            // the name was shown as text
        }
    }

    private static void createPipeline(String id, String name, String clickHousePassword, boolean start) throws Exception {
        String topic = NAMESPACE.kafkaTopic(id);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTable(CLICKHOUSE, id, NAMESPACE);
        HttpResponse<String> created = STACK.api("POST", "/api/v1/pipelines", definition(id, name, clickHousePassword));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (start) {
            assertThat(STACK.api("POST", "/api/v1/pipelines/" + id + "/start", "").statusCode()).isEqualTo(200);
        }
    }

    private static String definition(String id, String name, String clickHousePassword) throws Exception {
        String definition = E2eSupport.named(E2eSupport.exampleDefinition(id, NAMESPACE, ENDPOINTS), name);
        if (clickHousePassword != null) {
            definition = definition.replace("\"username\": \"default\",",
                    "\"username\": \"default\",\n    \"password\": \"" + clickHousePassword + "\",");
        }
        return definition;
    }

    /** {@code distinct} events keyed by order id, then {@code duplicates} repeats of earlier keys, then the malformed ones. */
    private static void produce(String pipeline, int total, int duplicates, List<String> malformed) throws Exception {
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            int distinct = total - duplicates;
            for (int i = 0; i < total; i++) {
                int key = i < distinct ? i : i % distinct;
                String event = "{\"order_id\":\"o-" + key + "\",\"customer\":{\"id\":" + key + "},\"amount\":1.5,"
                        + "\"status\":\"" + (i < distinct ? "first" : "dup") + "\",\"created_at\":\"2026-11-25T10:00:00Z\"}";
                producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), event.getBytes(StandardCharsets.UTF_8)));
            }
            for (String bad : malformed) {
                producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), bad.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

}
