package io.sluice.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.api.ApiTestClient;
import io.sluice.api.ApiTestProperties;
import io.sluice.api.pipeline.PipelineExistence;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.deadletter.KafkaRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RealServers({ RealServer.POSTGRES, RealServer.NATS })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterEndpointsIntegrationTests {

    static final TestNamespace NAMESPACE = TestNamespace.forClass(DeadLetterEndpointsIntegrationTests.class);

    static final NatsNames NAMES = NatsNames.withPrefix(NAMESPACE.natsPrefix());

    static final JsonMapper JSON = JsonMapper.builder().build();

    // The pipelines this test defines; every other id is unknown.
    static final Set<String> PIPELINES = Set.of("fresh", "browse", "replay", "stopped", "purge", "search", "delete-one",
            "replay-count", "kafka-meta");

    static Connection nats;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        ApiTestProperties.register(registry, NAMESPACE);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class KnownPipelines {

        @Bean
        @Primary
        PipelineExistence testPipelines() {
            return PIPELINES::contains;
        }

    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void connect() throws Exception {
        nats = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(NAMESPACE.natsPrefix().toUpperCase(Locale.ROOT) + "_")) {
                jsm.deleteStream(stream);
            }
        }
        if (nats.keyValueManagement().getBucketNames().contains(NAMES.deadLetterReplaysBucket())) {
            nats.keyValueManagement().delete(NAMES.deadLetterReplaysBucket());
        }
        nats.close();
    }

    @Test
    void unknownPipelineIsNotFound() {
        HttpResponse<String> response = client().get("/api/v1/pipelines/ghost/dlq");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asString()).isEqualTo("No pipeline with id 'ghost'");
        assertThat(client().post("/api/v1/pipelines/ghost/dlq/purge", "").statusCode()).isEqualTo(404);
        assertThat(client().post("/api/v1/pipelines/ghost/dlq/replay", "").statusCode()).isEqualTo(404);
    }

    @Test
    void browsingCreatesTheStreamWithBoundedRetentionAndShowsNothingYet() throws Exception {
        JsonNode list = list("fresh", "");

        assertThat(list).isEmpty();
        StreamInfo stream = nats.jetStreamManagement().getStreamInfo(NAMES.deadLetterStream("fresh"));
        assertThat(stream.getConfiguration().getSubjects()).containsExactly(NAMES.deadLetterSubject("fresh"));
        assertThat(stream.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(stream.getConfiguration().getMaxBytes()).as("no byte limit: nothing reserved").isEqualTo(-1);
        assertThat(stream.getConfiguration().getMaxMsgs()).isEqualTo(100_000);
    }

    @Test
    void listsDeadLettersNewestFirstWithTheirOriginalBytes() throws Exception {
        list("browse", "");
        byte[] text = "{\"id\": 1, \"amount\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
        byte[] binary = { (byte) 0xc3, (byte) 0x28, 0, (byte) 0xff, (byte) 0xfe };
        // Just under the NATS server's default 1 MiB payload limit, headers included.
        byte[] large = new byte[1_000_000];
        Arrays.fill(large, (byte) 'x');
        long first = publish(new DeadLetter("browse", DeadLetter.SINK, "value 'abc' does not fit column amount Float64",
                new SourcePosition("orders", 2, 41), Instant.parse("2024-05-01T12:00:00Z"), text));
        long second = publish(new DeadLetter("browse", DeadLetter.INGEST, "not JSON: unexpected byte 0xc3",
                new SourcePosition("orders", 0, 7), Instant.parse("2024-05-01T12:00:01Z"), binary));
        long third = publish(new DeadLetter("browse", DeadLetter.INGEST, "event larger than the limit", null,
                Instant.parse("2024-05-01T12:00:02Z"), large));

        JsonNode all = list("browse", "");

        assertThat(sequences(all)).containsExactly(third, second, first);
        JsonNode newest = all.get(0);
        assertThat(newest.path("sizeBytes").asInt()).isEqualTo(1_000_000);
        assertThat(newest.path("sourcePosition").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(newest.path("originalBase64").asString())).isEqualTo(large);
        JsonNode notUtf8 = all.get(1);
        assertThat(notUtf8.path("originalText").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(notUtf8.path("originalBase64").asString())).isEqualTo(binary);
        assertThat(notUtf8.path("reason").asString()).isEqualTo("not JSON: unexpected byte 0xc3");
        JsonNode oldest = all.get(2);
        assertThat(oldest.path("stage").asString()).isEqualTo("sink");
        assertThat(oldest.path("sourcePosition").asString()).isEqualTo("orders/2/41");
        assertThat(oldest.path("failedAt").asString()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(oldest.path("originalText").asString()).isEqualTo("{\"id\": 1, \"amount\": \"abc\"}");

        assertThat(sequences(list("browse", "?limit=2"))).containsExactly(third, second);
        assertThat(sequences(list("browse", "?limit=2&before=" + second))).containsExactly(first);
    }

    @Test
    void limitIsBounded() {
        HttpResponse<String> tooMany = client().get("/api/v1/pipelines/browse/dlq?limit=501");
        HttpResponse<String> none = client().get("/api/v1/pipelines/browse/dlq?limit=0");

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).path("errors").get(0).path("path").asString()).isEqualTo("limit");
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void malformedParametersAndBodiesAreBadRequestProblems() {
        HttpResponse<String> notANumber = client().get("/api/v1/pipelines/browse/dlq?before=abc");
        HttpResponse<String> badBody = client().post("/api/v1/pipelines/browse/dlq/replay", "{\"sequences\": \"all\"}");
        HttpResponse<String> negative = client().post("/api/v1/pipelines/browse/dlq/replay", "{\"sequences\": [0]}");

        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("\"path\":\"before\"").doesNotContain("Exception");
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(badBody.body()).contains("\"status\":400").doesNotContain("Exception");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("$.sequences[0]");
    }

    @Test
    void replayRepublishesToTheReplaySubjectAndOnlyThenLeavesTheQueue() throws Exception {
        list("replay", "");
        createDataStream("replay");
        byte[] original = "{\"id\": 42".getBytes(StandardCharsets.UTF_8);
        long broken = publish(new DeadLetter("replay", DeadLetter.INGEST, "unexpected end of input",
                new SourcePosition("orders", 1, 99), Instant.now(), original));
        long other = publish(new DeadLetter("replay", DeadLetter.DEDUP, "no key", new SourcePosition("orders", 1, 100),
                Instant.now(), "{}".getBytes(StandardCharsets.UTF_8)));

        JsonNode outcome = post("/api/v1/pipelines/replay/dlq/replay", "{\"sequences\": [" + broken + ", 999999]}", 200);

        assertThat(outcome.path("replayed").asInt()).isEqualTo(1);
        assertThat(outcome.path("notFound").get(0).asLong()).isEqualTo(999999);
        assertThat(outcome.path("remaining").asLong()).isEqualTo(1);
        MessageInfo replayed = nats.jetStreamManagement()
            .getLastMessage(NAMES.dataStream("replay"), NAMES.replaySubject("replay"));
        assertThat(replayed.getData()).isEqualTo(original);
        assertThat(replayed.getHeaders().getFirst("Sluice-Source-Position")).isEqualTo("orders/1/99");
        assertThat(replayed.getHeaders().getFirst("Sluice-Stage")).as("where it goes back in depends on it").isEqualTo("ingest");
        assertThat(sequences(list("replay", ""))).containsExactly(other);

        JsonNode rest = post("/api/v1/pipelines/replay/dlq/replay", "", 200);

        assertThat(rest.path("replayed").asInt()).isEqualTo(1);
        assertThat(rest.path("remaining").asLong()).isZero();
        assertThat(list("replay", "")).isEmpty();
        assertThat(nats.jetStreamManagement().getStreamInfo(NAMES.dataStream("replay")).getStreamState().getMsgCount())
            .isEqualTo(2);
    }

    @Test
    void replayWithoutADataStreamKeepsTheDeadLetters() throws Exception {
        list("stopped", "");
        long sequence = publish(new DeadLetter("stopped", DeadLetter.INGEST, "bad", null, Instant.now(), new byte[] { 1 }));

        HttpResponse<String> response = client().post("/api/v1/pipelines/stopped/dlq/replay", "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("has no data stream");
        assertThat(sequences(list("stopped", ""))).containsExactly(sequence);
    }

    @Test
    void purgeRemovesEveryDeadLetterAndSaysHowMany() throws Exception {
        list("purge", "");
        for (int i = 0; i < 3; i++) {
            publish(new DeadLetter("purge", DeadLetter.JOIN, "no match " + i, null, Instant.now(), new byte[] { (byte) i }));
        }

        JsonNode outcome = post("/api/v1/pipelines/purge/dlq/purge", "", 200);

        assertThat(outcome.path("purged").asLong()).isEqualTo(3);
        assertThat(list("purge", "")).isEmpty();
        assertThat(post("/api/v1/pipelines/purge/dlq/purge", "", 200).path("purged").asLong()).isZero();
    }

    @Test
    void searchFindsMatchingDeadLettersOverTheWholeQueueAndSaysTheTotal() throws Exception {
        list("search", "");
        long amount = publish(new DeadLetter("search", DeadLetter.SINK, "value 'abc' does not fit column amount Float64",
                new SourcePosition("orders", 0, 1), Instant.now(), "{\"amount\": \"abc\"}".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 5; i++) {
            publish(new DeadLetter("search", DeadLetter.INGEST, "missing key field id", new SourcePosition("orders", 0, 10 + i),
                    Instant.now(), ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
        }

        JsonNode found = get("/api/v1/pipelines/search/dlq/search?q=FLOAT64%20amount");

        assertThat(found.path("total").asLong()).isEqualTo(6);
        assertThat(found.path("query").asString()).isEqualTo("FLOAT64 amount");
        assertThat(sequences(found.path("deadLetters"))).containsExactly(amount);
        assertThat(found.path("scanned").asInt()).isEqualTo(6);
        assertThat(found.path("continueBefore").isNull()).as("the oldest was reached").isTrue();
        assertThat(sequences(get("/api/v1/pipelines/search/dlq/search?q=%22abc%22").path("deadLetters"))).containsExactly(amount);
        assertThat(get("/api/v1/pipelines/search/dlq/search?q=nothing-like-this").path("deadLetters")).isEmpty();

        JsonNode page = get("/api/v1/pipelines/search/dlq/search?q=missing&limit=2");
        assertThat(page.path("deadLetters")).hasSize(2);
        long next = page.path("continueBefore").asLong();
        JsonNode rest = get("/api/v1/pipelines/search/dlq/search?q=missing&limit=10&before=" + next);
        assertThat(rest.path("deadLetters")).hasSize(3);
        assertThat(get("/api/v1/pipelines/search/dlq/search").path("deadLetters")).as("no query: every one").hasSize(6);

        HttpResponse<String> tooLong = client().get("/api/v1/pipelines/search/dlq/search?q=" + "x".repeat(201));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("errors").get(0).path("path").asString()).isEqualTo("q");
    }

    @Test
    void deleteRemovesOneDeadLetterAndSaysWhenItIsGone() throws Exception {
        list("delete-one", "");
        long kept = publish(new DeadLetter("delete-one", DeadLetter.INGEST, "bad", null, Instant.now(), new byte[] { 1 }));
        long deleted = publish(new DeadLetter("delete-one", DeadLetter.INGEST, "bad", null, Instant.now(), new byte[] { 2 }));

        HttpResponse<String> response = client().delete("/api/v1/pipelines/delete-one/dlq/" + deleted);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(sequences(list("delete-one", ""))).containsExactly(kept);
        assertThat(get("/api/v1/pipelines/delete-one/dlq/search").path("total").asLong()).isEqualTo(1);
        HttpResponse<String> again = client().delete("/api/v1/pipelines/delete-one/dlq/" + deleted);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(again.body()).path("detail").asString())
                .isEqualTo("Pipeline 'delete-one' holds no dead letter " + deleted + ": it was replayed, deleted, purged or expired meanwhile.");
        assertThat(client().delete("/api/v1/pipelines/ghost/dlq/1").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeadLetterThatComesBackAfterAReplaySaysHowOftenItWasReplayed() throws Exception {
        list("replay-count", "");
        createDataStream("replay-count");
        SourcePosition position = new SourcePosition("orders", 3, 77);
        byte[] event = "{\"id\": ".getBytes(StandardCharsets.UTF_8);
        for (int replay = 1; replay <= 2; replay++) {
            long sequence = publish(new DeadLetter("replay-count", DeadLetter.INGEST, "unexpected end", position, Instant.now(), event));
            assertThat(post("/api/v1/pipelines/replay-count/dlq/replay", "{\"sequences\": [" + sequence + "]}", 200)
                    .path("replayed").asInt()).isEqualTo(1);
        }
        // The ingest stage fails on it once more: a new dead letter of the same event.
        publish(new DeadLetter("replay-count", DeadLetter.INGEST, "unexpected end", position, Instant.now(), event));
        publish(new DeadLetter("replay-count", DeadLetter.INGEST, "other", new SourcePosition("orders", 3, 78), Instant.now(), event));

        JsonNode all = list("replay-count", "");

        assertThat(all.get(1).path("replays").asLong()).isEqualTo(2);
        assertThat(all.get(0).path("replays").asLong()).as("another event, never replayed").isZero();
    }

    @Test
    void showsTheKafkaKeyAndHeadersOfTheRecordAndCarriesThemOnAReplay() throws Exception {
        list("kafka-meta", "");
        createDataStream("kafka-meta");
        KafkaRecord kafka = new KafkaRecord("order-5".getBytes(StandardCharsets.UTF_8),
                List.of(new KafkaRecord.Header("trace-id", "t-5".getBytes(StandardCharsets.UTF_8))));
        long sequence = publish(new DeadLetter("kafka-meta", DeadLetter.INGEST, "not JSON", new SourcePosition("orders", 0, 5),
                Instant.now(), new byte[] { '{' }, kafka));

        JsonNode shown = list("kafka-meta", "").get(0);

        assertThat(shown.path("kafkaKey").asString()).isEqualTo("order-5");
        assertThat(shown.path("kafkaHeaders").get(0).path("name").asString()).isEqualTo("trace-id");
        assertThat(shown.path("kafkaHeaders").get(0).path("value").asString()).isEqualTo("t-5");
        assertThat(sequences(get("/api/v1/pipelines/kafka-meta/dlq/search?q=t-5").path("deadLetters"))).containsExactly(sequence);

        post("/api/v1/pipelines/kafka-meta/dlq/replay", "{\"sequences\": [" + sequence + "]}", 200);
        MessageInfo replayed = nats.jetStreamManagement()
            .getLastMessage(NAMES.dataStream("kafka-meta"), NAMES.replaySubject("kafka-meta"));
        assertThat(replayed.getHeaders().getFirst("Sluice-Kafka-Key")).isEqualTo("b3JkZXItNQ==");
        assertThat(replayed.getHeaders().getFirst("Sluice-Kafka-Headers")).isNotEmpty();
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = client().get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Publishes a dead letter as a pipeline stage will; returns its sequence in the stream. */
    private static long publish(DeadLetter deadLetter) throws Exception {
        DeadLetterMessage message = DeadLetterCodec.encode(deadLetter);
        Headers headers = new Headers();
        message.headers().forEach(headers::put);
        return nats.jetStream()
            .publish(NatsMessage.builder()
                .subject(NAMES.deadLetterSubject(deadLetter.pipelineId()))
                .headers(headers)
                .data(message.body())
                .build())
            .getSeqno();
    }

    /** The data stream as the workers will create it when they first run the pipeline. */
    private static void createDataStream(String pipelineId) throws Exception {
        nats.jetStreamManagement().addStream(StreamConfiguration.builder()
            .name(NAMES.dataStream(pipelineId))
            .subjects(NAMES.dataStreamSubjects(pipelineId))
            .maxAge(Duration.ofHours(1))
            .build());
    }

    private static List<Long> sequences(JsonNode list) {
        List<Long> sequences = new ArrayList<>();
        list.forEach((item) -> sequences.add(item.path("sequence").asLong()));
        return sequences;
    }

    private JsonNode list(String pipelineId, String query) {
        HttpResponse<String> response = client().get("/api/v1/pipelines/" + pipelineId + "/dlq" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, String body, int expectedStatus) {
        HttpResponse<String> response = client().post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private ApiTestClient client() {
        return ApiTestClient.onLocalPort(port);
    }
}
