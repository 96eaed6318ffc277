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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A join pipeline built through the wizard in a real browser, as a user would: orders joined with
 * their payments (two topics, 3 and 5 partitions, some events sent twice), the join step's key,
 * windows, a renamed output field and the preview of the row the two samples make; then deployed,
 * run by real ingest, dedup, join and sink processes, and its joined rows counted on its page.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiJoinWizardBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiJoinWizardBrowserIntegrationTests.class);
    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());
    private static final UiStack STACK = new UiStack(NAMESPACE);
    private static final String ORDERS = NAMESPACE.kafkaTopic("orders");
    private static final String PAYMENTS = NAMESPACE.kafkaTopic("payments");
    private static final String DATABASE = NAMESPACE.clickHouseDatabase();
    private static final String PIPELINE = "orders-payments-wizard";
    private static final int ORDER_COUNT = 40;

    @BeforeAll
    static void startServicesAndCreateTopicsAndTable() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ORDERS, 3, (short) 1), new NewTopic(PAYMENTS, 5, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < ORDER_COUNT; i++) {
                // Payments of the first half come before their orders; every fifth event is sent twice.
                int copies = i % 5 == 0 ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    if (i < ORDER_COUNT / 2) {
                        producer.send(payment(i)).get();
                        producer.send(order(i)).get();
                    } else {
                        producer.send(order(i)).get();
                        producer.send(payment(i)).get();
                    }
                }
            }
            // The newest event of each topic, which the wizard samples: an order and its payment.
            Thread.sleep(20);
            producer.send(order(ORDER_COUNT)).get();
            producer.send(payment(ORDER_COUNT)).get();
        }
        CLICKHOUSE.createDatabase(DATABASE);
        CLICKHOUSE.execute("CREATE TABLE " + DATABASE + ".paid_orders (order_id String, customer_id UInt64, amount Float64,"
                + " payment_id String, payment_method String, paid Float64) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + NAMESPACE.id() + "/paid_orders', '{replica}') ORDER BY order_id");
        STACK.startApiAndUi().startWorkers().startJoin();
    }

    @AfterAll
    static void stopServicesAndDropTheDatabase() throws Exception {
        STACK.close();
        CLICKHOUSE.dropDatabase(DATABASE);
    }

    @Test
    void buildsAJoinPipelineThroughTheWizardAndSeesItsJoinedRowsCountedOnItsPage() throws Exception {
        try (Browser browser = new Browser(STACK.uiUrl())) {
            browser.logIn(UiStack.ADMIN, UiStack.ADMIN_PASSWORD);
            browser.waitFor(By.tagName("h1"));
            browser.open("/pipelines/new");

            // 1. Kafka; 2. the orders topic; 3. orders deduplicated by their id
            browser.type(By.id("pipelineId"), PIPELINE);
            browser.type(By.id("pipelineName"), "Orders with their payments");
            browser.type(By.id("brokers"), ENDPOINTS.kafkaBootstrapServers());
            browser.find(By.id("next")).click();
            new Select(browser.waitFor(By.id("topic"))).selectByValue(ORDERS);
            browser.waitUntil(() -> browser.text(By.id("sample-event")).contains("\"order_id\" : \"o-" + ORDER_COUNT + "\""));
            browser.type(By.id("sourceId"), "orders");
            browser.find(By.id("next")).click();
            browser.waitFor(By.id("dedup-on"));
            browser.find(By.cssSelector("input[name=key][value=order_id]")).click();
            browser.type(By.id("window"), "1h");
            browser.find(By.id("next")).click();

            // 4. Join: the payments topic on the same connection, keys, windows, a renamed field
            browser.waitFor(By.id("join-on")).click();
            if (!browser.find(By.id("reuseConnection")).isSelected()) {
                browser.find(By.id("reuseConnection")).click();
            }
            browser.find(By.id("reload-topics")).click();
            new Select(browser.waitFor(By.cssSelector("select#topic"))).selectByValue(PAYMENTS);
            browser.waitUntil(() -> browser.text(By.id("sample-event")).contains("\"payment_id\" : \"p-" + ORDER_COUNT + "\""));
            browser.type(By.id("sourceId"), "payments");
            browser.type(By.id("leftKey"), "order_id");
            browser.type(By.id("rightKey"), "order_id");
            browser.type(By.id("leftWindow"), "1h");
            browser.type(By.id("rightWindow"), "1h");
            browser.type(By.cssSelector("input[aria-label='Name in the joined row of method']"), "payment_method");
            browser.find(By.id("join-preview-update")).click();
            browser.waitUntil(() -> browser.text(By.id("join-preview-keys")).contains("same key (o-" + ORDER_COUNT + ")"));
            assertThat(browser.text(By.id("join-preview-row"))).contains("\"order_id\" : \"o-" + ORDER_COUNT + "\"",
                    "\"payment_method\" : \"card\"", "\"payment_id\" : \"p-" + ORDER_COUNT + "\"");
            pageDone(browser, "wizard-join-4-join");
            browser.find(By.id("next")).click();

            // 5. No filter; 6. ClickHouse; 7. the table, mapped by name
            browser.waitFor(By.id("expression"));
            browser.find(By.id("next")).click();
            browser.type(By.id("url"), ENDPOINTS.clickHouseUrl());
            browser.type(By.id("database"), DATABASE);
            browser.type(By.id("username"), "default");
            browser.find(By.id("next")).click();
            new Select(browser.waitFor(By.id("table"))).selectByValue("paid_orders");
            browser.waitFor(By.id("mapping"));
            assertThat(new Select(browser.find(By.cssSelector("select[aria-label='Column for field payment_method']")))
                    .getFirstSelectedOption().getAttribute("value")).isEqualTo("payment_method");
            assertThat(new Select(browser.find(By.cssSelector("select[aria-label='Column for field customer.id']")))
                    .getFirstSelectedOption().getAttribute("value")).isEqualTo("customer_id");
            pageDone(browser, "wizard-join-7-table");
            browser.find(By.id("next")).click();

            // 8. Review and deploy: the pipeline runs, and its page counts what the join did
            assertThat(browser.text(By.id("definition-json"))).contains("\"join\"", "\"as\" : \"payment_method\"");
            browser.find(By.id("deploy")).click();
            browser.waitUntil(() -> browser.path().equals("/pipelines/" + PIPELINE));

            int orders = ORDER_COUNT + 1;
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".paid_orders") >= orders);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("expected " + orders + " rows, found "
                        + CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".paid_orders") + "\nstatus: "
                        + api("/api/v1/pipelines/" + PIPELINE + "/status") + "\npipeline: " + api("/api/v1/pipelines/" + PIPELINE), e);
            }
            browser.waitUntil(Duration.ofSeconds(60), () -> browser.text(By.id("join-joined")).equals(String.valueOf(orders)));
            assertThat(browser.text(By.id("join-left-in"))).isEqualTo(String.valueOf(orders));
            // The payments side has no dedup (the wizard offers it for the first source): its copies count too.
            assertThat(browser.text(By.id("join-right-in"))).isEqualTo(String.valueOf(orders + ORDER_COUNT / 5));
            assertThat(browser.text(By.id("join-unmatched"))).isEqualTo("0");
            assertThat(browser.findAll(By.cssSelector("canvas[data-chart=join]"))).hasSize(1);
            pageDone(browser, "wizard-join-deployed");
            assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".paid_orders")).isEqualTo(orders);
            assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + DATABASE + ".paid_orders WHERE payment_id != "
                    + "concat('p-', substring(order_id, 3)) OR payment_method != 'card' OR paid != amount")).isZero();
        }
    }

    private static ProducerRecord<String, String> order(int i) {
        return new ProducerRecord<>(ORDERS, "o-" + i, "{\"order_id\":\"o-" + i + "\",\"customer\":{\"id\":" + (i % 7)
                + "},\"amount\":" + i + ".5}");
    }

    private static ProducerRecord<String, String> payment(int i) {
        return new ProducerRecord<>(PAYMENTS, "o-" + i, "{\"payment_id\":\"p-" + i + "\",\"order_id\":\"o-" + i
                + "\",\"method\":\"card\",\"paid\":" + i + ".5}");
    }

    private static String api(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(STACK.apiUrl() + path))
                .header("Authorization", "Bearer " + UiStack.TOKEN).timeout(Duration.ofSeconds(30)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Screenshot of the page, which must have logged no console error. */
    private static void pageDone(Browser browser, String name) {
        browser.screenshot(name);
        assertThat(browser.consoleErrors()).as(name).isEmpty();
    }
}
