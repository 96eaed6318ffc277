package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The create and edit wizard in a real browser, against the real ui and api-service, the real Kafka
 * (a topic holding one sample event) and the real ClickHouse (a ReplicatedMergeTree table).
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiWizardBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiWizardBrowserIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final UiStack STACK = new UiStack(NAMESPACE);
    private static final String TOPIC = NAMESPACE.kafkaTopic("orders");
    private static final String DATABASE = NAMESPACE.clickHouseDatabase();
    private static final String PIPELINE = "orders-wizard";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // quantity is text in the events but a number in the table: the mapping page must flag it.
    private static final String SAMPLE = "{\"order_id\":\"o-1\",\"customer\":{\"id\":42},\"amount\":12.5,"
            + "\"status\":\"paid\",\"quantity\":\"3\",\"created_at\":\"2024-05-01T12:00:00Z\",\"note\":null}";

    private Browser browser;

    @BeforeAll
    static void startServicesAndCreateTopicAndTable() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "o-1", SAMPLE)).get();
        }
        CLICKHOUSE.createDatabase(DATABASE);
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".orders (order_id String, customer_id UInt64, amount Float64,"
                + " status String, quantity UInt32, created_at DateTime) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + NAMESPACE.id() + "/orders', '{replica}') ORDER BY order_id");
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
    void createsADedupPipelineThroughEveryStepThenEditsItsWindow() throws Exception {
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.tagName("h1"));
        browser.open("/pipelines/new");

        // 1. Kafka connection
        assertThat(browser.path()).startsWith("/pipelines/new/kafka?draft=");
        browser.type(By.id("pipelineId"), PIPELINE);
        browser.type(By.id("pipelineName"), "Orders from the wizard");
        browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
        assertThat(browser.find(By.id("saslMechanism")).isDisplayed()).as("SASL inputs hidden for PLAINTEXT").isFalse();
        browser.find(By.id("test-connection")).click();
        assertThat(browser.text(By.id("kafka-test-result"))).startsWith("Connected to cluster");
        pageDone("wizard-1-kafka");
        browser.find(By.id("next")).click();

        // 2. Topic: choosing it shows its newest event and the guessed field types
        new Select(browser.waitFor(By.id("topic"))).selectByValue(TOPIC);
        assertThat(browser.text(By.id("sample-event"))).contains("\"order_id\" : \"o-1\"");
        assertThat(selected(fieldType("order_id"))).isEqualTo("string");
        assertThat(selected(fieldType("customer.id"))).isEqualTo("int");
        assertThat(selected(fieldType("amount"))).isEqualTo("float");
        assertThat(selected(fieldType("created_at"))).isEqualTo("timestamp");
        assertThat(selected(fieldType("note"))).as("a null tells no type").isEmpty();
        // The user corrects: note is not used.
        browser.find(By.cssSelector("input[aria-label='Use field note']")).click();
        assertThat(browser.find(By.id("sourceId")).getAttribute("value")).isNotBlank();
        pageDone("wizard-2-topic");
        browser.find(By.id("next")).click();

        // 3. Deduplication: the key is picked from the sample's fields; the window is invalid on purpose,
        // and Next stops right here with the api-service's own rule, in words, next to the window.
        browser.waitFor(By.id("dedup-on"));
        assertThat(browser.findAll(By.name("key"))).extracting((e) -> e.getAttribute("value"))
                .containsExactly("order_id", "customer.id", "amount", "status", "quantity", "created_at");
        browser.find(By.cssSelector("input[name=key][value=order_id]")).click();
        browser.type(By.id("window"), "-5m");
        pageDone("wizard-3-dedup");
        browser.find(By.id("next")).click();
        assertThat(browser.text(By.id("error-window"))).isEqualTo("Dedup window must be positive, was '-5m'.");
        assertThat(browser.path()).startsWith("/pipelines/new/dedup");
        assertThat(browser.find(By.id("window")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.text(By.cssSelector(".step-problems"))).doesNotContain("$.");
        assertThat(browser.find(By.cssSelector("button[value='goto:dedup']")).getAttribute("class")).contains("has-problems");
        pageDone("wizard-3-dedup-stopped-on-next");
        browser.type(By.id("window"), "1h");
        browser.find(By.id("next")).click();

        // 4. Join: none
        assertThat(browser.waitFor(By.id("join-off")).isSelected()).isTrue();
        pageDone("wizard-4-join");
        browser.find(By.id("next")).click();

        // 5. Filter, tried on the sample
        browser.type(By.id("expression"), "status != \"test\" && amount >");
        browser.find(By.id("try-filter")).click();
        assertThat(browser.text(By.id("filter-result"))).contains("Syntax error at position");
        browser.type(By.id("expression"), "status != \"test\" && amount > 0");
        browser.find(By.id("try-filter")).click();
        browser.waitUntil(() -> browser.text(By.id("filter-result")).contains("The sample event is kept."));
        pageDone("wizard-5-filter");
        browser.find(By.id("next")).click();

        // 6. ClickHouse connection
        browser.type(By.id("url"), ENDPOINTS.clickHouseUrl());
        browser.type(By.id("database"), DATABASE);
        browser.type(By.id("username"), "default");
        browser.find(By.id("test-connection")).click();
        assertThat(browser.text(By.id("clickhouse-test-result"))).startsWith("Connected to ClickHouse");
        pageDone("wizard-6-clickhouse");
        browser.find(By.id("next")).click();

        // 7. Table and mapping, proposed by name, the mismatch highlighted and explained
        new Select(browser.waitFor(By.id("table"))).selectByValue("orders");
        browser.waitFor(By.id("mapping"));
        assertThat(selected(mappingColumn("order_id"))).isEqualTo("order_id");
        assertThat(selected(mappingColumn("customer.id"))).isEqualTo("customer_id");
        assertThat(selected(mappingColumn("created_at"))).isEqualTo("created_at");
        assertThat(mappingRow("quantity").getAttribute("class")).contains("verdict-mismatch");
        assertThat(mappingRow("quantity").getText()).contains("UInt32", "only strings that hold a whole number");
        assertThat(mappingRow("amount").getAttribute("class")).contains("verdict-fits");
        pageDone("wizard-7-table");
        browser.resize(Browser.PHONE);
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 390 px").isTrue();
        browser.screenshot("wizard-7-table-phone");
        browser.resize(Browser.LAPTOP);
        // The user leaves quantity unwritten; the page checks the mapping again.
        new Select(mappingColumn("quantity")).selectByValue("");
        browser.waitUntil(() -> !mappingRow("quantity").getAttribute("class").contains("verdict-mismatch"));
        assertThat(browser.text(By.id("unmapped-columns"))).contains("quantity");
        browser.find(By.id("next")).click();

        // 8. Review: the pipeline in words, then the definition as JSON, downloadable
        browser.waitFor(By.cssSelector("#flow li")); // the page after the click has loaded
        assertThat(browser.findAll(By.cssSelector("#flow li"))).extracting(WebElement::getText).containsExactly(
                "Source: topic " + TOPIC + " on " + ENDPOINTS.kafkaBootstrapServers(),
                "Deduplication: by order_id within 1h",
                "No join",
                "Filter: keeps events where status != \"test\" && amount > 0",
                "ClickHouse: table " + DATABASE + ".orders at " + ENDPOINTS.clickHouseUrl() + ", 5 columns mapped");
        assertThat(browser.findAll(By.id("changes"))).as("a new pipeline has nothing to compare with").isEmpty();
        String json = browser.text(By.id("definition-json"));
        assertThat(json).contains("\"topic\" : \"" + TOPIC + "\"", "\"window\" : \"1h\"", "\"column\" : \"customer_id\"");
        assertThat(browser.find(By.id("download-json")).getAttribute("href")).contains("/pipelines/new/review/download?draft=");
        assertThat(browser.findAll(By.id("review-problems"))).isEmpty();
        pageDone("wizard-8-review");
        browser.find(By.id("deploy")).click();

        // Created and started: the user lands on the pipeline's page.
        browser.waitUntil(() -> browser.path().equals("/pipelines/" + PIPELINE));
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("running");
        assertThat(browser.text(By.cssSelector(".flash.ok"))).isNotBlank();
        pageDone("wizard-deployed");
        assertThat(pipeline().path("status").asString()).isEqualTo("running");

        // Edit: a running pipeline must be paused first.
        api("POST", "/api/v1/pipelines/" + PIPELINE + "/pause");
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().path("status").asString().equals("paused"));
        browser.open("/pipelines/" + PIPELINE + "/edit");
        assertThat(browser.waitFor(By.id("pipelineId")).getAttribute("value")).isEqualTo(PIPELINE);
        assertThat(browser.find(By.id("pipelineId")).getAttribute("readonly")).isNotNull();
        assertThat(browser.path()).startsWith("/pipelines/" + PIPELINE + "/edit/kafka?draft=");
        pageDone("wizard-edit-1-kafka");
        browser.find(By.cssSelector("button[value='goto:dedup']")).click();
        assertThat(browser.waitFor(By.id("window")).getAttribute("value")).isEqualTo("1h");
        assertThat(browser.find(By.cssSelector("input[name=key][value=order_id]")).isSelected()).isTrue();
        browser.type(By.id("window"), "2h");
        pageDone("wizard-edit-3-dedup");
        browser.find(By.cssSelector("button[value='goto:table']")).click();
        assertThat(selected(browser.waitFor(By.cssSelector("select[aria-label='Column for field order_id']"))))
                .isEqualTo("order_id");
        pageDone("wizard-edit-7-table");
        browser.find(By.cssSelector("button[value='goto:review']")).click();
        assertThat(browser.text(By.id("deploy"))).isEqualTo("Save changes");
        browser.waitFor(By.cssSelector("#changes li")); // the page after the click has loaded
        assertThat(browser.findAll(By.cssSelector("#changes li"))).extracting(WebElement::getText)
                .containsExactly("Dedup window: 1h → 2h");
        assertThat(browser.findAll(By.id("pause-save-resume"))).as("a paused pipeline is saved as it is").isEmpty();
        pageDone("wizard-edit-8-review");

        // Started by someone else while the user edits: Save is refused, and the review now offers
        // to pause, save and resume instead of sending the user to do it elsewhere.
        api("POST", "/api/v1/pipelines/" + PIPELINE + "/resume");
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline().path("status").asString().equals("running"));
        browser.find(By.id("deploy")).click();
        assertThat(browser.text(By.cssSelector("#review-problems p"))).startsWith("Pipeline " + PIPELINE
                + " is running now (it was started after you opened it here)");
        assertThat(browser.text(By.id("pause-save-resume-notice"))).contains("is running", "Pause, save and resume");
        pageDone("wizard-edit-8-review-started-meanwhile");
        browser.find(By.id("pause-save-resume")).click();

        browser.waitUntil(() -> browser.path().equals("/pipelines/" + PIPELINE));
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("running");
        pageDone("wizard-edit-saved");
        JsonNode saved = pipeline();
        assertThat(saved.path("definition").path("sources").get(0).path("dedup").path("window").asString()).isEqualTo("2h");
        assertThat(saved.path("definition").path("filter").asString()).isEqualTo("status != \"test\" && amount > 0");
        assertThat(saved.path("status").asString()).isEqualTo("running");

        // Edit of a running pipeline: the first page says saving pauses it; Review pauses, saves and resumes.
        browser.open("/pipelines/" + PIPELINE + "/edit");
        assertThat(browser.text(By.id("pause-notice"))).contains("is running", "will pause it, save them and resume it");
        pageDone("wizard-edit-running-1-kafka");
        browser.find(By.cssSelector("button[value='goto:dedup']")).click();
        browser.type(By.id("window"), "3h");
        browser.find(By.cssSelector("button[value='goto:review']")).click();
        browser.waitFor(By.cssSelector("#changes li")); // the page after the click has loaded
        assertThat(browser.findAll(By.cssSelector("#changes li"))).extracting(WebElement::getText)
                .containsExactly("Dedup window: 2h → 3h");
        assertThat(browser.findAll(By.id("deploy"))).isEmpty();
        pageDone("wizard-edit-running-8-review");
        browser.find(By.id("pause-save-resume")).click();

        browser.waitUntil(() -> browser.path().equals("/pipelines/" + PIPELINE));
        assertThat(browser.text(By.cssSelector(".flash.ok")))
                .isEqualTo("Paused pipeline " + PIPELINE + ", saved the changes and resumed it.");
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("running");
        pageDone("wizard-edit-running-saved");
        JsonNode resumed = pipeline();
        assertThat(resumed.path("definition").path("sources").get(0).path("dedup").path("window").asString()).isEqualTo("3h");
        assertThat(resumed.path("status").asString()).isEqualTo("running");

        // Stopped by someone else while the user edits: the pause is refused, nothing is saved, and the
        // user stays on the review with the changes and the reason.
        browser.open("/pipelines/" + PIPELINE + "/edit");
        browser.find(By.cssSelector("button[value='goto:dedup']")).click();
        browser.type(By.id("window"), "4h");
        browser.find(By.cssSelector("button[value='goto:review']")).click();
        api("POST", "/api/v1/pipelines/" + PIPELINE + "/stop");
        browser.find(By.id("pause-save-resume")).click();
        assertThat(browser.text(By.cssSelector("#review-problems p"))).startsWith("Pipeline " + PIPELINE
                + " could not be paused, so nothing was saved:").endsWith("Your changes are still here.");
        assertThat(browser.path()).startsWith("/pipelines/" + PIPELINE + "/edit/review");
        assertThat(browser.text(By.id("definition-json"))).contains("\"window\" : \"4h\"");
        pageDone("wizard-edit-running-pause-refused");
        assertThat(pipeline().path("definition").path("sources").get(0).path("dedup").path("window").asString())
                .isEqualTo("3h");
    }

    @Test
    void eachPageStopsNextOnItsOwnMistakesInWordsWhileBackKeepsWhatWasTyped() {
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.tagName("h1"));
        browser.open("/pipelines/new");

        // Nothing typed: Next stays, with a sentence next to each empty input.
        browser.find(By.id("next")).click();
        assertThat(browser.path()).startsWith("/pipelines/new/kafka");
        assertThat(browser.text(By.id("error-pipelineId"))).isEqualTo("Pipeline id is required.");
        assertThat(browser.text(By.id("error-pipelineName"))).isEqualTo("Pipeline name is required.");
        assertThat(browser.text(By.id("error-brokers"))).isEqualTo("Add at least one broker.");
        pageDone("wizard-check-1-empty");

        browser.type(By.id("pipelineId"), "UI Test!");
        browser.type(By.id("pipelineName"), "Checked on Next");
        browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
        browser.find(By.id("next")).click();
        assertThat(browser.text(By.id("error-pipelineId"))).isEqualTo("Pipeline id may use only lower-case letters,"
                + " digits and '-', starting with a letter or digit (got \"UI Test!\").");
        assertThat(browser.findAll(By.cssSelector(".field-error"))).hasSize(1);
        assertThat(browser.find(By.id("pipelineName")).getAttribute("value")).isEqualTo("Checked on Next");
        // A later step's pill is a way forward too: it checks the page as well.
        browser.find(By.cssSelector("button[value='goto:filter']")).click();
        assertThat(browser.path()).startsWith("/pipelines/new/kafka");
        assertThat(browser.text(By.id("error-pipelineId"))).contains("(got \"UI Test!\")");
        pageDone("wizard-check-1-id");

        browser.type(By.id("pipelineId"), "ui-checked");
        browser.find(By.id("next")).click();
        new Select(browser.waitFor(By.id("topic"))).selectByValue(TOPIC);
        browser.waitFor(By.id("sample-event"));
        browser.find(By.cssSelector("input[aria-label='Use field note']")).click();
        browser.find(By.id("next")).click();
        browser.find(By.cssSelector("input[name=key][value=order_id]")).click();
        browser.find(By.id("next")).click();
        browser.waitFor(By.id("join-off"));
        browser.find(By.id("next")).click();
        browser.waitFor(By.id("expression"));
        browser.find(By.id("next")).click();
        browser.type(By.id("url"), ENDPOINTS.clickHouseUrl());
        browser.type(By.id("database"), DATABASE);
        browser.find(By.id("next")).click();

        // 7. A negative batch size and a delay that is no duration stop Next here.
        new Select(browser.waitFor(By.id("table"))).selectByValue("orders");
        browser.waitFor(By.id("mapping"));
        browser.type(By.id("maxBatchSize"), "-1");
        browser.type(By.id("maxDelay"), "forever");
        browser.find(By.id("next")).click();
        assertThat(browser.path()).startsWith("/pipelines/new/table");
        assertThat(browser.text(By.id("error-maxBatchSize"))).isEqualTo("Batch size must be between 1 and 1000000, was -1.");
        assertThat(browser.text(By.id("error-maxDelay"))).startsWith("Maximum delay 'forever' is not a duration");
        assertThat(browser.find(By.cssSelector("button[value='goto:table']")).getAttribute("class")).contains("has-problems");
        pageDone("wizard-check-7-table");

        // Back leaves the page with its mistakes; they are still there, as typed, on return.
        browser.find(By.id("back")).click();
        assertThat(browser.waitFor(By.id("url")).getAttribute("value")).isEqualTo(ENDPOINTS.clickHouseUrl());
        browser.find(By.cssSelector("button[value='goto:table']")).click();
        assertThat(browser.waitFor(By.id("maxBatchSize")).getAttribute("value")).isEqualTo("-1");
        assertThat(browser.find(By.id("maxDelay")).getAttribute("value")).isEqualTo("forever");
        browser.type(By.id("maxBatchSize"), "1000");
        browser.type(By.id("maxDelay"), "1s");
        browser.find(By.id("next")).click();
        // Read once the next page loaded: on a busy machine the click may return before it started
        // (CI saw the table page's address here).
        browser.waitFor(By.cssSelector("#flow li"));
        assertThat(browser.path()).startsWith("/pipelines/new/review");
        assertThat(browser.findAll(By.cssSelector(".has-problems"))).isEmpty();
        pageDone("wizard-check-8-review");
    }

    @Test
    void reviewBannerCountsTheProblemsItListsAndMarksThePillOfEachStepWithOne() {
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.tagName("h1"));
        browser.open("/pipelines/new");
        browser.type(By.id("pipelineId"), "ui-counted");
        browser.type(By.id("pipelineName"), "Counted problems");
        browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
        // Straight to the review, the other pages untouched: Deploy is refused for each of them.
        browser.find(By.cssSelector("button[value='goto:review']")).click();
        browser.find(By.id("deploy")).click();
        browser.waitUntil(() -> browser.path().startsWith("/pipelines/new/topic"));
        browser.open(browser.path().replace("/topic?", "/review?"));

        List<WebElement> listed = browser.findAll(By.cssSelector("#review-problems li"));
        assertThat(listed.size()).isGreaterThan(1);
        assertThat(browser.text(By.cssSelector("#review-problems p")))
                .isEqualTo("The pipeline has " + listed.size() + " problems. Fix each on its page:");
        assertThat(browser.text(By.id("review-problems"))).doesNotContain("$.");
        List<String> stepsListed = listed.stream().map((li) -> li.findElement(By.tagName("a")).getText()).distinct().toList();
        List<String> stepsMarked = browser.findAll(By.cssSelector(".step-link.has-problems")).stream()
                .map(WebElement::getText).toList();
        assertThat(stepsMarked).containsExactlyInAnyOrderElementsOf(stepsListed).contains("2. Topic and fields");
        pageDone("wizard-count-8-review");
    }

    @Test
    void cancelAsksFirstAndUnfinishedDraftsAreListedToContinueOrDiscard() {
        browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
        browser.waitFor(By.tagName("h1"));
        browser.open("/pipelines/new");
        assertThat(browser.findAll(By.id("unfinished-drafts"))).isEmpty();
        browser.type(By.id("pipelineId"), "orders-x");
        browser.type(By.id("pipelineName"), "Left unfinished");
        browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
        browser.find(By.id("next")).click();
        browser.waitFor(By.id("topic"));
        String unfinished = browser.path();

        // Cancel asks; dismissed, nothing is lost.
        browser.find(By.id("cancel")).click();
        Alert ask = browser.driver().switchTo().alert();
        assertThat(ask.getText()).startsWith("Discard this draft?");
        ask.dismiss();
        assertThat(browser.path()).isEqualTo(unfinished);

        // A new wizard lists the unfinished draft, at the step it was left on.
        browser.open("/pipelines/new");
        assertThat(browser.text(By.cssSelector("#unfinished-drafts .continue-draft")))
                .isEqualTo("Continue draft 'orders-x' (step 2, Topic and fields)");
        pillsOnce("wizard-drafts-1-kafka");
        // This second wizard is cancelled, confirmed: the user is back on the list, and it is gone.
        browser.find(By.id("cancel")).click();
        browser.driver().switchTo().alert().accept();
        browser.waitUntil(() -> browser.path().equals("/pipelines"));
        browser.open("/pipelines/new");
        assertThat(browser.findAll(By.cssSelector("#unfinished-drafts li"))).hasSize(1);
        browser.find(By.cssSelector("#unfinished-drafts .continue-draft")).click();
        browser.waitUntil(() -> browser.path().equals(unfinished));
        pillsOnce("wizard-drafts-2-topic");

        // Without JavaScript Cancel leads to a page that asks.
        browser.open(unfinished.replace("/topic?", "/cancel?"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Discard the draft?");
        assertThat(browser.text(By.id("keep-editing"))).isEqualTo("Keep editing (step 2)");
        pageDone("wizard-drafts-cancel-page");

        browser.open("/pipelines/new");
        browser.find(By.cssSelector("#unfinished-drafts .discard-draft")).click();
        browser.waitUntil(() -> browser.path().equals("/pipelines"));
        assertThat(browser.text(By.cssSelector(".flash.ok"))).isEqualTo("Discarded the draft of 'orders-x'.");
        browser.open("/pipelines/new");
        assertThat(browser.findAll(By.id("unfinished-drafts"))).isEmpty();
        pageDone("wizard-drafts-none-left");
    }

    /** The step pills are drawn once, at laptop and at phone width. */
    private void pillsOnce(String name) {
        assertThat(browser.findAll(By.cssSelector("nav[aria-label='Wizard steps']"))).as(name).hasSize(1);
        pageDone(name);
        browser.resize(Browser.PHONE);
        assertThat(browser.findAll(By.cssSelector("nav[aria-label='Wizard steps']"))).as(name + " phone").hasSize(1);
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as(name + ": no sideways scrolling at 390 px").isTrue();
        browser.screenshot(name + "-phone");
        browser.resize(Browser.LAPTOP);
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

    private static JsonNode pipeline() throws Exception {
        return JSON.readTree(api("GET", "/api/v1/pipelines/" + PIPELINE));
    }

    private static String api(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(STACK.apiUrl() + path))
                .header("Authorization", "Bearer " + UiStack.TOKEN).timeout(Duration.ofSeconds(30));
        request.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
