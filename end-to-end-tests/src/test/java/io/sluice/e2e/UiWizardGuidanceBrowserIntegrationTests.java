package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wizard's guidance in a real browser, against the real ui, api-service, Kafka and ClickHouse:
 * field types guessed over the topic's newest 20 events and where they disagree, what "first" means
 * for deduplication and how the sample's keys spread over partitions, the engine of the chosen
 * table, and a table created from the wizard that a pipeline is then deployed into.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiWizardGuidanceBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiWizardGuidanceBrowserIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final UiStack STACK = new UiStack(NAMESPACE);
    private static final String TOPIC = NAMESPACE.kafkaTopic("orders");
    private static final String DATABASE = NAMESPACE.clickHouseDatabase();
    private static final String PIPELINE = "orders-guided";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Browser browser;

    /**
     * 24 events on 3 partitions, keyed by the producer's session, not by order_id: each order_id
     * comes three times, once on each partition. Of the newest 20, amount is text in 2.
     */
    @BeforeAll
    static void startServicesAndFillTheTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        long now = System.currentTimeMillis();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 24; i++) {
                String amount = (i == 10 || i == 15) ? "\"n/a\"" : (i + ".5");
                producer.send(new ProducerRecord<>(TOPIC, i % 3, now - 60_000 + i * 1_000L, "session-" + i,
                        "{\"order_id\":\"o-" + (i % 8) + "\",\"amount\":" + amount
                                + ",\"created_at\":\"2026-12-04 10:00:" + String.format("%02d", i) + "\"}")).get();
            }
        }
        CLICKHOUSE.createDatabase(DATABASE);
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".legacy (order_id String) ENGINE = MergeTree() ORDER BY order_id");
        STACK.startApiAndUi();
    }

    @AfterAll
    static void stopServicesAndDropTheDatabase() throws Exception {
        STACK.close();
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser(STACK.uiUrl());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void guidesFromTheSampleToATableItCreatesAndDeploysIntoIt() throws Exception {
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.tagName("h1"));
        browser.open("/pipelines/new");

        browser.type(By.id("pipelineId"), PIPELINE);
        browser.type(By.id("pipelineName"), "Orders, guided");
        browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
        browser.find(By.id("next")).click();

        // 2. Topic: types guessed over the newest 20 events; where they disagree is said
        new Select(browser.waitFor(By.id("topic"))).selectByValue(TOPIC);
        browser.waitFor(By.id("sample-event"));
        assertThat(browser.text(By.id("sample-size"))).isEqualTo("The field types were guessed from the 20 newest events of the topic.");
        assertThat(selected(fieldType("created_at"))).as("2026-12-04 10:00:23 is a timestamp").isEqualTo("timestamp");
        assertThat(selected(fieldType("amount"))).isEqualTo("float");
        assertThat(browser.text(By.id("disagreement-amount")))
            .startsWith("amount: float in 18 events, string in 2.")
            .contains("No one type fits every value");
        assertThat(browser.findAll(By.id("disagreement-order_id"))).isEmpty();
        pageDone("guidance-2-topic");
        browser.find(By.id("next")).click();

        // 3. Deduplication: "first" explained; the sample's order_ids came from several partitions
        browser.waitFor(By.id("dedup-on"));
        assertThat(browser.text(By.id("first-means"))).contains("first in processing order", "have no order between them");
        assertThat(browser.text(By.id("key-the-topic"))).contains("use the dedup key as the Kafka record key");
        browser.find(By.cssSelector("input[name=key][value=order_id]")).click();
        browser.type(By.id("window"), "1h");
        browser.find(By.id("check-key")).click();
        assertThat(browser.text(By.id("key-not-record-key"))).contains("the Kafka record key is not the order_id");
        assertThat(browser.text(By.id("key-spread-summary")))
            .isEqualTo("In the 20 sampled events, the events of 8 order_id values came from more than one partition,"
                    + " so which of them is first is not decided by when they were produced:");
        assertThat(browser.text(By.xpath("//table[@id='key-spread-table']//tr[td/code[text()='o-7']]")))
            .isEqualTo("o-7 3 0, 1, 2");
        pageDone("guidance-3-dedup");
        browser.find(By.id("next")).click();

        browser.waitFor(By.id("join-off"));
        browser.find(By.id("next")).click();
        browser.waitFor(By.id("expression"));
        browser.find(By.id("next")).click();

        browser.type(By.id("url"), ENDPOINTS.clickHouseUrl());
        browser.type(By.id("database"), DATABASE);
        browser.type(By.id("username"), "default");
        browser.find(By.id("next")).click();

        // 7. The chosen table's engine: a plain MergeTree is warned about, with what to use instead
        new Select(browser.waitFor(By.id("table"))).selectByValue("legacy");
        assertThat(browser.text(By.id("table-engine-warning"))).contains("MergeTree", "does not drop a replayed insert");
        assertThat(browser.text(By.id("table-engine-advice")))
            .contains("ReplicatedMergeTree", "22.2", "non_replicated_deduplication_window");
        pageDone("guidance-7-mergetree-warning");

        // Create table: the statement is shown first, and nothing is created by showing it
        browser.type(By.id("newTable"), "orders_guided");
        assertThat(selected(browser.find(By.id("newEngine")))).isEqualTo("ReplicatedMergeTree");
        assertThat(browser.find(By.cssSelector("input[name=newOrderBy][value=order_id]")).isSelected())
            .as("sorted by the dedup key").isTrue();
        assertThat(browser.findAll(By.id("create-table-run"))).isEmpty();
        browser.find(By.id("create-table-preview")).click();
        String ddl = browser.text(By.id("create-table-ddl"));
        assertThat(ddl).startsWith("CREATE TABLE `" + DATABASE + "`.`orders_guided`")
            .contains("`order_id` String", "`amount` Float64", "`created_at` DateTime",
                    "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + DATABASE + ".orders_guided', '{replica}')",
                    "ORDER BY (`order_id`)");
        assertThat(tableEngine("orders_guided")).isEmpty();
        pageDone("guidance-7-create-table-statement");
        browser.resize(Browser.PHONE);
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
            .as("no sideways scrolling at 390 px with the statement shown").isTrue();
        browser.screenshot("guidance-7-create-table-statement-phone");
        browser.resize(Browser.LAPTOP);
        browser.find(By.id("create-table-run")).click();

        assertThat(browser.text(By.id("create-table-result"))).startsWith("Created table " + DATABASE + ".orders_guided");
        assertThat(tableEngine("orders_guided")).containsExactly("ReplicatedMergeTree");
        assertThat(selected(browser.find(By.id("table")))).isEqualTo("orders_guided");
        assertThat(browser.findAll(By.id("table-engine-warning"))).isEmpty();
        assertThat(browser.text(By.id("table-engine-note"))).contains("ReplicatedMergeTree", "exactly once");
        for (String field : List.of("order_id", "amount", "created_at")) {
            assertThat(selected(mappingColumn(field))).isEqualTo(field);
            assertThat(mappingRow(field).getAttribute("class")).as(field).contains("verdict-fits");
        }
        pageDone("guidance-7-table-created");

        // Repeating the creation is refused with the reason, on the page
        browser.find(By.id("create-table-preview")).click();
        assertThat(browser.text(By.id("create-table-result")))
            .isEqualTo("Table " + DATABASE + ".orders_guided exists already: choose it, or another name.");
        browser.find(By.id("next")).click();

        // 8. Review and deploy into the new table
        assertThat(browser.text(By.id("definition-json"))).contains("\"table\" : \"orders_guided\"");
        pageDone("guidance-8-review");
        browser.find(By.id("deploy")).click();
        browser.waitUntil(() -> browser.path().equals("/pipelines/" + PIPELINE));
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("running");
        pageDone("guidance-deployed");
        var definition = JSON.readTree(api("/api/v1/pipelines/" + PIPELINE)).path("definition");
        assertThat(definition.path("sink").path("table").asString()).isEqualTo("orders_guided");
        assertThat(definition.path("sources").get(0).path("schema").toString()).contains("\"created_at\"", "\"timestamp\"");
    }

    private List<String> tableEngine(String table) {
        return CLICKHOUSE.queryRows("SELECT engine FROM system.tables WHERE database = '" + DATABASE + "' AND name = '"
                + table + "'");
    }

    /** Screenshot of the page, which must have logged no console error. */
    private void pageDone(String name) {
        browser.screenshot(name);
        assertThat(browser.consoleErrors()).as(name).isEmpty();
    }

    private WebElement fieldType(String field) {
        return browser.find(By.cssSelector("select[aria-label='Type of field " + field + "']"));
    }

    private WebElement mappingColumn(String field) {
        return browser.find(By.cssSelector("select[aria-label='Column for field " + field + "']"));
    }

    private WebElement mappingRow(String field) {
        return browser.find(By.xpath("//table[@id='mapping']//tr[.//code[text()='" + field + "']]"));
    }

    private static String selected(WebElement select) {
        return new Select(select).getFirstSelectedOption().getAttribute("value");
    }

    private static String api(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(STACK.apiUrl() + path))
                .header("Authorization", "Bearer " + UiStack.TOKEN).timeout(Duration.ofSeconds(30)).GET();
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
