package io.sluice.api.connection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.api.auth.ApiCaller;
import io.sluice.api.config.ApiProperties;
import io.sluice.api.connection.ClickHouseInspector.Column;
import io.sluice.api.connection.ClickHouseInspector.Table;
import io.sluice.api.connection.ConnectionRequests.ClickHouseColumnsRequest;
import io.sluice.api.connection.ConnectionRequests.ClickHouseTablesRequest;
import io.sluice.api.connection.ConnectionRequests.CreateTableRequest;
import io.sluice.api.connection.ConnectionRequests.KafkaRequest;
import io.sluice.api.connection.ConnectionRequests.KafkaSampleRequest;
import io.sluice.api.connection.FieldTypeInference.SampledField;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
 * pipeline, for the server, user and security settings it was stored for only ({@link MaskedSecrets}).
 *
 * <p>Access: the helpers make the api-service open connections from inside the network, so a
 * token that is not admin may point them only at the hosts of {@code sluice.connections.allowed-hosts}
 * (403 with the field of each other host, {@link AllowedHosts}); admin tokens and UI sessions
 * anywhere. No helper shows what a server that is not ClickHouse or Kafka answered
 * ({@link ClickHouseFailures}).
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

    private final KafkaInspector kafka;

    private final ClickHouseInspector clickHouse;

    private final JsonMapper json;

    private final StoredPipelines pipelines;

    private final AllowedHosts allowedHosts;

    ConnectionController(KafkaInspector kafka, ClickHouseInspector clickHouse, JsonMapper json, StoredPipelines pipelines,
            ApiProperties properties) {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.json = json;
        this.pipelines = pipelines;
        this.allowedHosts = new AllowedHosts(properties.connections().allowedHosts());
    }

    @PostMapping("/kafka/test")
    KafkaTestResult testKafka(@RequestBody KafkaRequest request, @RequestParam(required = false) String pipeline,
            @AuthenticationPrincipal ApiCaller caller) {
        KafkaConnection connection = unmask(allowed(caller, request.check()), pipeline);
        try {
            KafkaInspector.Cluster cluster = this.kafka.describe(connection);
            return new KafkaTestResult(true, null, null, cluster.clusterId(), cluster.brokers());
        }
        catch (ConnectionFailedException ex) {
            return new KafkaTestResult(false, ex.getMessage(), ConnectionProblems.name(ex.failure()), null, null);
        }
    }

    @PostMapping("/kafka/topics")
    TopicList topics(@RequestBody KafkaRequest request, @RequestParam(required = false) String pipeline,
            @AuthenticationPrincipal ApiCaller caller) {
        return new TopicList(this.kafka.topics(unmask(allowed(caller, request.check()), pipeline)));
    }

    @PostMapping("/kafka/sample")
    KafkaSample sample(@RequestBody KafkaSampleRequest request, @RequestParam(required = false) String pipeline,
            @AuthenticationPrincipal ApiCaller caller) {
        KafkaConnection connection = unmask(allowed(caller, request.check()), pipeline);
        List<KafkaInspector.Event> events = this.kafka.latestEvents(connection, request.topic(), request.size());
        List<SampledEvent> sampled = events.stream().map(this::sampled).toList();
        List<SampledField> fields = FieldTypeInference.inferAll(sampled.stream().map(SampledEvent::json).toList());
        // The top level describes the newest event, as it did when the sample was one event.
        SampledEvent newest = sampled.get(0);
        return new KafkaSample(newest.topic(), newest.partition(), newest.offset(), newest.timestamp(), newest.key(),
                newest.rawText(), newest.json(), newest.jsonError(), fields, sampled);
    }

    private SampledEvent sampled(KafkaInspector.Event event) {
        String key = (event.key() != null) ? new String(event.key(), StandardCharsets.UTF_8) : null;
        if (event.value() == null) {
            return new SampledEvent(event.topic(), event.partition(), event.offset(), event.timestamp(), key, null, null,
                    "The latest event has no value (a tombstone): nothing to infer fields from.");
        }
        String rawText = new String(event.value(), StandardCharsets.UTF_8);
        try {
            JsonNode parsed = this.json.readTree(event.value());
            String problem = parsed.isObject() ? null : "The latest event is JSON but not an object: no fields to infer.";
            return new SampledEvent(event.topic(), event.partition(), event.offset(), event.timestamp(), key, rawText,
                    parsed, problem);
        }
        catch (JacksonException ex) {
            return new SampledEvent(event.topic(), event.partition(), event.offset(), event.timestamp(), key, rawText,
                    null, "The latest event is not JSON: " + ex.getOriginalMessage());
        }
    }

    @PostMapping("/clickhouse/test")
    ClickHouseTestResult testClickHouse(@RequestBody ClickHouseConnection sent,
            @RequestParam(required = false) String pipeline, @AuthenticationPrincipal ApiCaller caller) {
        ConnectionRequests.checkClickHouse(sent);
        allowed(caller, sent.url(), "$.url");
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
    TableList tables(@RequestBody ClickHouseTablesRequest request, @RequestParam(required = false) String pipeline,
            @AuthenticationPrincipal ApiCaller caller) {
        request.check();
        allowed(caller, request.connection().url(), "$.connection.url");
        ClickHouseConnection connection = MaskedSecrets.clickHouse(request.connection(), () -> stored(pipeline), "$.connection");
        return new TableList(request.database(), this.clickHouse.tables(connection, request.database()));
    }

    @PostMapping("/clickhouse/columns")
    ColumnList columns(@RequestBody ClickHouseColumnsRequest request, @RequestParam(required = false) String pipeline,
            @AuthenticationPrincipal ApiCaller caller) {
        request.check();
        allowed(caller, request.connection().url(), "$.connection.url");
        ClickHouseConnection connection = MaskedSecrets.clickHouse(request.connection(), () -> stored(pipeline), "$.connection");
        return new ColumnList(request.database(), request.table(),
                this.clickHouse.columns(connection, request.database(), request.table()));
    }

    /**
     * Creates the sink's table from the wizard's choices ({@link CreateTableStatement}); with
     * {@code dryRun} only answers the statement, so the user reads it before it runs. Admin only:
     * unlike the other helpers it changes the server. A table that exists already is a 409, a
     * statement ClickHouse refuses a 422 with ClickHouse's reason.
     */
    @PostMapping("/clickhouse/create-table")
    ResponseEntity<CreatedTable> createTable(@RequestBody CreateTableRequest request,
            @RequestParam(required = false) String pipeline, @AuthenticationPrincipal ApiCaller caller) {
        if (!caller.admin()) {
            throw new ConnectionNotAllowedException(List.of(new Violation("$", "Only an admin may create tables.")));
        }
        request.check();
        allowed(caller, request.connection().url(), "$.connection.url");
        ClickHouseConnection connection = MaskedSecrets.clickHouse(request.connection(), () -> stored(pipeline), "$.connection");
        Set<String> macros = CreateTableStatement.REPLICATED.equals(request.engine()) ? this.clickHouse.macros(connection)
                : Set.of();
        String ddl = CreateTableStatement.of(request.database(), request.table(), request.columns(), request.engine(),
                request.orderBy(), macros);
        String name = request.database() + "." + request.table();
        if (this.clickHouse.tables(connection, request.database()).stream().anyMatch((t) -> t.name().equals(request.table()))) {
            throw new TableNotCreatedException(true, "Table " + name + " exists already: choose it, or another name.", null);
        }
        if (request.onlyShow()) {
            return ResponseEntity.ok(new CreatedTable(request.database(), request.table(), request.engine(), ddl, false));
        }
        try {
            this.clickHouse.execute(connection, ddl);
        }
        catch (ConnectionFailedException ex) {
            if (ex.failure() == ConnectionFailedException.Failure.UNREACHABLE
                    || ex.failure() == ConnectionFailedException.Failure.TIMEOUT
                    || ex.failure() == ConnectionFailedException.Failure.TLS
                    || ex.failure() == ConnectionFailedException.Failure.AUTHENTICATION) {
                throw ex;
            }
            boolean exists = ex.getMessage().contains("already exists");
            throw new TableNotCreatedException(exists, exists ? "Table " + name + " exists already: choose it, or another name."
                    : "ClickHouse did not create table " + name + ": " + ex.getMessage(), ex);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
            .body(new CreatedTable(request.database(), request.table(), request.engine(), ddl, true));
    }

    /** The connection, if this caller may make the api-service connect to each of its brokers. */
    private KafkaConnection allowed(ApiCaller caller, KafkaConnection connection) {
        if (caller.admin()) {
            return connection;
        }
        List<Violation> refused = new ArrayList<>();
        for (int i = 0; i < connection.brokers().size(); i++) {
            String broker = connection.brokers().get(i).trim();
            int colon = broker.lastIndexOf(':');
            int port = -1;
            try {
                port = Integer.parseInt(broker.substring(colon + 1));
            }
            catch (NumberFormatException | IndexOutOfBoundsException ex) {
                // validated before; an unparsable port matches no allow-list entry
            }
            String host = (colon > 0) ? broker.substring(0, colon) : broker;
            int at = i;
            this.allowedHosts.whyNot(host, port)
                .ifPresent((why) -> refused.add(new Violation("$.connection.brokers[" + at + "]", why)));
        }
        if (!refused.isEmpty()) {
            throw new ConnectionNotAllowedException(refused);
        }
        return connection;
    }

    /** Refuses a ClickHouse URL this caller may not make the api-service connect to. */
    private void allowed(ApiCaller caller, String url, String path) {
        if (caller.admin()) {
            return;
        }
        URI uri = URI.create(url);
        int port = (uri.getPort() >= 0) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        this.allowedHosts.whyNot(uri.getHost(), port).ifPresent((why) -> {
            throw new ConnectionNotAllowedException(List.of(new Violation(path, why)));
        });
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
     * The newest events of a topic. The top-level event fields are the newest event's (what the
     * sample was before it read several).
     *
     * @param rawText the newest value as UTF-8 text
     * @param json the newest value parsed, or null when it is not JSON
     * @param jsonError why no fields could be inferred from the newest event, or null
     * @param fields the fields of all sampled events as dot paths, with the type guessed over all of
     *               them and how many events held which type
     * @param events the sampled events, newest first
     */
    record KafkaSample(String topic, int partition, long offset, Instant timestamp, String key, String rawText,
            JsonNode json, String jsonError, List<SampledField> fields, List<SampledEvent> events) {
    }

    /** One sampled event: where it is in the topic, its key and its value. */
    record SampledEvent(@JsonIgnore String topic, int partition, long offset, Instant timestamp, String key, String rawText,
            JsonNode json, String jsonError) {
    }

    /** @param ddl the statement that ran, or with {@code dryRun} would run */
    record CreatedTable(String database, String table, String engine, String ddl, boolean created) {
    }

    record TableList(String database, List<Table> tables) {
    }

    record ColumnList(String database, String table, List<Column> columns) {
    }

}
