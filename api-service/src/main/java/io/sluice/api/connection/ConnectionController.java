package io.sluice.api.connection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.api.connection.ClickHouseInspector.Column;
import io.sluice.api.connection.ClickHouseInspector.Table;
import io.sluice.api.connection.ConnectionRequests.ClickHouseColumnsRequest;
import io.sluice.api.connection.ConnectionRequests.ClickHouseTablesRequest;
import io.sluice.api.connection.ConnectionRequests.KafkaRequest;
import io.sluice.api.connection.ConnectionRequests.KafkaSampleRequest;
import io.sluice.api.connection.FieldTypeInference.InferredField;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helpers for the pipeline wizard: try a Kafka or ClickHouse connection before saving a
 * pipeline, and look at what is there to build its schema and column mapping.
 *
 * <p>Errors: the {@code /test} endpoints answer a failed connection with 200 and
 * {@code {ok:false, error, failure}}, since telling whether a connection works is their job. The
 * listing endpoints answer it with a problem: 422 when the topic, database or table named does
 * not exist or the topic is empty, 502 when the server is unreachable, rejects the credentials or
 * the TLS handshake, 504 when it did not answer in time. A body that cannot be tried (no broker, a
 * bad URL) is a 400 problem with every {@code errors[{path, message}]}.
 *
 * <p>Every endpoint takes {@code ?pipeline=<id>}: a secret sent masked is then taken from that
 * pipeline, for the server and user it was stored for only ({@link MaskedSecrets}).
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

    private final KafkaInspector kafka;

    private final ClickHouseInspector clickHouse;

    private final JsonMapper json;

    private final StoredPipelines pipelines;

    ConnectionController(KafkaInspector kafka, ClickHouseInspector clickHouse, JsonMapper json, StoredPipelines pipelines) {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.json = json;
        this.pipelines = pipelines;
    }

    @PostMapping("/kafka/test")
    KafkaTestResult testKafka(@RequestBody KafkaRequest request, @RequestParam(required = false) String pipeline) {
        KafkaConnection connection = unmask(request.check(), pipeline);
        try {
            KafkaInspector.Cluster cluster = this.kafka.describe(connection);
            return new KafkaTestResult(true, null, null, cluster.clusterId(), cluster.brokers());
        }
        catch (ConnectionFailedException ex) {
            return new KafkaTestResult(false, ex.getMessage(), ConnectionProblems.name(ex.failure()), null, null);
        }
    }

    @PostMapping("/kafka/topics")
    TopicList topics(@RequestBody KafkaRequest request, @RequestParam(required = false) String pipeline) {
        return new TopicList(this.kafka.topics(unmask(request.check(), pipeline)));
    }

    @PostMapping("/kafka/sample")
    KafkaSample sample(@RequestBody KafkaSampleRequest request, @RequestParam(required = false) String pipeline) {
        KafkaInspector.Event event = this.kafka.latestEvent(unmask(request.check(), pipeline), request.topic());
        String key = (event.key() != null) ? new String(event.key(), StandardCharsets.UTF_8) : null;
        if (event.value() == null) {
            return new KafkaSample(event.topic(), event.partition(), event.offset(), event.timestamp(), key, null, null,
                    "The latest event has no value (a tombstone): nothing to infer fields from.", List.of());
        }
        String rawText = new String(event.value(), StandardCharsets.UTF_8);
        try {
            JsonNode parsed = this.json.readTree(event.value());
            String problem = parsed.isObject() ? null : "The latest event is JSON but not an object: no fields to infer.";
            return new KafkaSample(event.topic(), event.partition(), event.offset(), event.timestamp(), key, rawText,
                    parsed, problem, FieldTypeInference.infer(parsed));
        }
        catch (JacksonException ex) {
            return new KafkaSample(event.topic(), event.partition(), event.offset(), event.timestamp(), key, rawText,
                    null, "The latest event is not JSON: " + ex.getOriginalMessage(), List.of());
        }
    }

    @PostMapping("/clickhouse/test")
    ClickHouseTestResult testClickHouse(@RequestBody ClickHouseConnection sent,
            @RequestParam(required = false) String pipeline) {
        ConnectionRequests.checkClickHouse(sent);
        ClickHouseConnection connection = MaskedSecrets.clickHouse(sent, () -> stored(pipeline), "$");
        try {
            String version = this.clickHouse.version(connection);
            Boolean tokenSupported;
            try {
                tokenSupported = ClickHouseVersion.parse(version).supportsInsertDeduplicationToken();
            }
            catch (IllegalArgumentException ex) {
                tokenSupported = null;
            }
            return new ClickHouseTestResult(true, null, null, version, tokenSupported);
        }
        catch (ConnectionFailedException ex) {
            return new ClickHouseTestResult(false, ex.getMessage(), ConnectionProblems.name(ex.failure()), null, null);
        }
    }

    @PostMapping("/clickhouse/tables")
    TableList tables(@RequestBody ClickHouseTablesRequest request, @RequestParam(required = false) String pipeline) {
        request.check();
        ClickHouseConnection connection = MaskedSecrets.clickHouse(request.connection(), () -> stored(pipeline), "$.connection");
        return new TableList(request.database(), this.clickHouse.tables(connection, request.database()));
    }

    @PostMapping("/clickhouse/columns")
    ColumnList columns(@RequestBody ClickHouseColumnsRequest request, @RequestParam(required = false) String pipeline) {
        request.check();
        ClickHouseConnection connection = MaskedSecrets.clickHouse(request.connection(), () -> stored(pipeline), "$.connection");
        return new ColumnList(request.database(), request.table(),
                this.clickHouse.columns(connection, request.database(), request.table()));
    }

    /** The connection with masked secrets put back from the named pipeline, see {@link MaskedSecrets}. */
    private KafkaConnection unmask(KafkaConnection sent, String pipeline) {
        return MaskedSecrets.kafka(sent, () -> stored(pipeline), "$.connection");
    }

    // A database read and a decryption: MaskedSecrets asks only when something is masked.
    private PipelineDefinition stored(String pipeline) {
        return (pipeline == null || pipeline.isBlank()) ? null : this.pipelines.inClear(pipeline).orElse(null);
    }

    /** @param failure what kind of failure, e.g. {@code unreachable}, {@code authentication}, {@code tls} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KafkaTestResult(boolean ok, String error, String failure, String clusterId, Integer brokers) {
    }

    /**
     * @param insertDeduplicationTokenSupported whether inserts can carry {@code insert_deduplication_token}
     * (22.2 and later); older servers rely on ReplicatedMergeTree's block-hash deduplication
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClickHouseTestResult(boolean ok, String error, String failure, String version,
            Boolean insertDeduplicationTokenSupported) {
    }

    record TopicList(List<String> topics) {
    }

    /**
     * One recent event of a topic.
     *
     * @param rawText the value as UTF-8 text
     * @param json the value parsed, or null when it is not JSON
     * @param jsonError why no fields could be inferred, or null
     * @param fields the value's fields as dot paths with their guessed types
     */
    record KafkaSample(String topic, int partition, long offset, Instant timestamp, String key, String rawText,
            JsonNode json, String jsonError, List<InferredField> fields) {
    }

    record TableList(String database, List<Table> tables) {
    }

    record ColumnList(String database, String table, List<Column> columns) {
    }

}
