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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The numbers of a pipeline page in a real browser, against the real ui, api-service, workers,
 * Kafka and ClickHouse: a burst waiting in Kafka before the pipeline starts shows as lag per
 * partition (measured from the broker, no ingest consuming), then drains to 0; events the filter
 * drops are counted so that in adds up; the burst is charted in and out alike; latency charts show
 * their unit and values; replicas carry names a person can read.
 */
@RealServers({ RealServer.KAFKA, RealServer.NATS, RealServer.REDIS, RealServer.POSTGRES, RealServer.CLICKHOUSE })
class UiPipelineNumbersBrowserIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(UiPipelineNumbersBrowserIntegrationTests.class);

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static final UiStack STACK = new UiStack(NAMESPACE);

    private static final int BURST = 2000;

    private static final int FILTERED = 200;

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
    void burstWaitingInKafkaShowsAsLagThenIsCountedFilteredAndChartedInAndOutAlike() throws Exception {
        createPipeline("burst");
        // The whole burst is in Kafka before the pipeline starts: nothing consumes it yet.
        produce("burst", BURST, FILTERED);

        browser.open("/pipelines/burst");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> textOrEmpty(By.id("broker-lag-total")).equals("2,000"));
        // Read in one script: htmx may replace the section between two reads of the driver.
        @SuppressWarnings("unchecked")
        List<String> partitions = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                + "'#broker-lag tr[data-partition] .partition-lag')).map((e) => e.textContent.trim())");
        assertThat(partitions).hasSize(2);
        long perPartition = partitions.stream().mapToLong((lag) -> Long.parseLong(lag.replace(",", ""))).sum();
        assertThat(perPartition).isEqualTo(BURST);
        browser.screenshot("pipeline-lag-before-start");

        assertThat(STACK.api("POST", "/api/v1/pipelines/burst/start", "").statusCode()).isEqualTo(200);

        // Ingest commits what JetStream acknowledged: the broker's lag drains to 0.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> textOrEmpty(By.id("broker-lag-total")).equals("0"));
        // Dedup's in adds up: out + filtered (no duplicates, no dead letters in this burst).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cell("dedup", ".component-row .filtered").equals("200"));
        assertThat(cell("dedup", ".component-row td[data-label=In]")).isEqualTo("2,000");
        assertThat(cell("dedup", ".component-row td[data-label=Out]")).isEqualTo("1,800");

        @SuppressWarnings("unchecked")
        List<String> ingestReplica = (List<String>) browser.script("var e = document.querySelector("
                + "'tbody[data-component=ingest] .replica-row .replica-name'); return [e.textContent.trim(), e.title]");
        assertThat(ingestReplica.get(0)).matches("ingest @ \\S+ · [0-9a-f]{4,}");
        assertThat(ingestReplica.get(1)).isEqualTo("Replica id ingest-1");

        // Charted in and out alike: the area under each rate is the events that went through,
        // each event once (a CI run charted this burst in with an area of 3,922 before 2026-12-07;
        // the points round to hundredths of an event per second).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> chartArea("throughput", 1) >= 0.6 * (BURST - FILTERED));
        assertThat(chartArea("throughput", 0)).as("events in, from the chart").isBetween(0.6 * BURST, 1.01 * BURST);
        assertThat(chartArea("throughput", 1)).as("events out, from the chart")
                .isBetween(0.6 * (BURST - FILTERED), 1.01 * (BURST - FILTERED));
        assertThat(chartArea("duplicates", 1)).as("events filtered, from the chart").isPositive();

        // Latency: values, a unit on the axis, and tooltips that say it; a lone value is a dot, not nothing.
        await().atMost(Duration.ofSeconds(30)).until(() -> chartMaximum("latency", 0) > 0);
        assertThat(browser.script("return Chart.getChart(document.querySelector('canvas[data-chart=latency]'))"
                + ".options.scales.y.title.text")).isEqualTo("ms");
        assertThat(browser.script("var c = Chart.getChart(document.querySelector('canvas[data-chart=latency]'));"
                + " return c.options.plugins.tooltip.callbacks.label({ dataset: c.data.datasets[1], raw: 1234 });"))
                .isEqualTo("p99: 1,234 ms");
        assertThat(loneValuesWithoutDot("latency", 0)).isZero();
        browser.screenshot("pipeline-numbers");
        // The whole page in one picture, as docs/images/pipeline-detail.png (README) shows it.
        browser.resize(new Dimension(1366, ((Number) browser.script("return document.body.scrollHeight")).intValue() + 120));
        browser.screenshot("pipeline-page-whole");
        browser.resize(Browser.LAPTOP);
        browser.script("document.getElementById('charts').scrollIntoView()");
        browser.screenshot("pipeline-charts-burst");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pausedPipelineStillShowsWhatWaitsInKafka() throws Exception {
        createPipeline("paused");
        assertThat(STACK.api("POST", "/api/v1/pipelines/paused/start", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> STACK.api("GET", "/api/v1/pipelines/paused/status", null).body()
                .contains("\"component\":\"ingest\",\"replicasReporting\":1"));
        assertThat(STACK.api("POST", "/api/v1/pipelines/paused/pause", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> STACK.api("GET", "/api/v1/pipelines/paused/status", null).body()
                .contains("\"state\":\"paused\""));

        produce("paused", 40, 0);

        browser.open("/pipelines/paused");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> textOrEmpty(By.id("broker-lag-total")).equals("40"));
        assertThat(browser.text(By.id("pipeline-status"))).isEqualTo("paused");
        browser.screenshot("pipeline-lag-paused");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private String cell(String component, String selector) {
        return browser.text(By.cssSelector("tbody[data-component=" + component + "] " + selector));
    }

    /** The element's text, or "" when it is not there, or was replaced by htmx between finding and reading it (polled again). */
    private String textOrEmpty(By by) {
        try {
            List<WebElement> found = browser.findAll(by);
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (StaleElementReferenceException replaced) {
            return "";
        }
    }

    /** Events a rate series stands for: the sum of its points times the sample interval, the chart's area. */
    private double chartArea(String chart, int dataset) {
        Object value = browser.script("var chart = window.Chart && Chart.getChart(document.querySelector('canvas[data-chart="
                + chart + "]')); if (!chart) { return -1; } return chart.data.datasets[" + dataset + "].data"
                + ".reduce(function (sum, v) { return sum + (v === null ? 0 : v); }, 0);");
        double perSecondSum = ((Number) value).doubleValue();
        return perSecondSum * sampleIntervalSeconds();
    }

    private double sampleIntervalSeconds() throws RuntimeException {
        try {
            String metrics = STACK.api("GET", "/api/v1/pipelines/burst/metrics", null).body();
            String millis = metrics.replaceAll("(?s).*\"sampleIntervalMillis\":(\\d+).*", "$1");
            return Long.parseLong(millis) / 1000.0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double chartMaximum(String chart, int dataset) {
        Object value = browser.script("var chart = window.Chart && Chart.getChart(document.querySelector('canvas[data-chart="
                + chart + "]')); if (!chart) { return -1; } var data = chart.data.datasets[" + dataset + "].data"
                + ".filter(function (v) { return v !== null; }); return data.length ? Math.max.apply(null, data) : -1;");
        return ((Number) value).doubleValue();
    }

    /** Values of a dataset with no value on either side that are drawn without a dot (so not at all). */
    private long loneValuesWithoutDot(String chart, int dataset) {
        Object value = browser.script("var chart = Chart.getChart(document.querySelector('canvas[data-chart=" + chart
                + "]')); var data = chart.data.datasets[" + dataset + "].data; var meta = chart.getDatasetMeta("
                + dataset + "); var missing = 0; for (var i = 0; i < data.length; i++) {"
                + " var none = function (v) { return v === null || v === undefined; };"
                + " if (!none(data[i]) && (i === 0 || none(data[i - 1])) && (i === data.length - 1 || none(data[i + 1]))"
                + " && !(meta.data[i] && meta.data[i].options.radius > 0)) { missing++; } } return missing;");
        return ((Number) value).longValue();
    }

    private static void createPipeline(String id) throws Exception {
        String topic = NAMESPACE.kafkaTopic(id);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ENDPOINTS.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        E2eSupport.createOrdersTable(CLICKHOUSE, id, NAMESPACE);
        // The example as it is, filter included: status != "test" && amount > 0.
        String definition = E2eSupport.exampleDefinitionWithFilter(id, NAMESPACE, ENDPOINTS);
        assertThat(definition).contains("\"filter\"");
        HttpResponse<String> created = STACK.api("POST", "/api/v1/pipelines", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** {@code total} distinct orders over both partitions; the last {@code filtered} have status "test", which the filter drops. */
    private static void produce(String pipeline, int total, int filtered) throws Exception {
        Properties properties = TestProducers.properties(ENDPOINTS.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                String status = i >= total - filtered ? "test" : "new";
                String event = "{\"order_id\":\"o-" + i + "\",\"customer\":{\"id\":" + i + "},\"amount\":1.5,"
                        + "\"status\":\"" + status + "\",\"created_at\":\"2026-11-25T10:00:00Z\"}";
                producer.send(new ProducerRecord<>(NAMESPACE.kafkaTopic(pipeline), i % 2, null,
                        event.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

}
