package io.sluice.ui.wizard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.Lookups.ConnectionCheck;
import io.sluice.ui.wizard.Lookups.Listing;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.Lookups.SampleField;
import io.sluice.ui.wizard.Lookups.SampledEvent;
import io.sluice.ui.wizard.Lookups.TypeCount;
import io.sluice.ui.wizard.Lookups.Table;
import io.sluice.ui.wizard.Lookups.Tables;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The api-service's connection helpers as the wizard needs them. A refusal of the api-service (a
 * server unreachable, a topic that does not exist) becomes a message to show on the page: the
 * wizard goes on, the user fixes the connection. An unreachable api-service is not caught here,
 * it is the error page's business.
 */
@Component
class WizardApi {

    private final ApiClient api;

    WizardApi(ApiClient api) {
        this.api = api;
    }

    /**
     * @param pipelineId the pipeline being edited, whose stored secrets the api-service puts back
     *                   where the form holds their mask; null for a new pipeline
     */
    ConnectionCheck testKafka(KafkaForm connection, String pipelineId) {
        try {
            JsonNode result = api.post(storedIn("/connections/kafka/test", pipelineId), request(connection)).body();
            if (result.path("ok").asBoolean(false)) {
                int brokers = result.path("brokers").asInt(0);
                return new ConnectionCheck(true, "Connected to cluster " + result.path("clusterId").asString("?")
                        + " (" + brokers + (brokers == 1 ? " broker" : " brokers") + ").");
            }
            return new ConnectionCheck(false, failure(result));
        } catch (ApiProblemException e) {
            return new ConnectionCheck(false, describe(e.problem()));
        }
    }

    Listing topics(KafkaForm connection, String pipelineId) {
        try {
            List<String> topics = new ArrayList<>();
            api.post(storedIn("/connections/kafka/topics", pipelineId), request(connection)).body().path("topics")
                    .forEach((topic) -> topics.add(topic.asString()));
            return new Listing(topics, topics.isEmpty() ? "The cluster has no topics." : null);
        } catch (ApiProblemException e) {
            return Listing.failed(describe(e.problem()));
        }
    }

    /**
     * The topic's newest events (the api-service reads 20, fewer when the topic holds fewer); throws
     * {@link ApiProblemException} with the reason when there is none.
     */
    Sample sample(KafkaForm connection, String topic, String pipelineId) {
        ObjectNode request = request(connection);
        request.put("topic", topic);
        JsonNode body = api.post(storedIn("/connections/kafka/sample", pipelineId), request).body();
        List<SampleField> fields = new ArrayList<>();
        for (JsonNode field : body.path("fields")) {
            List<TypeCount> seenAs = new ArrayList<>();
            field.path("seenAs").forEach((count) -> seenAs.add(new TypeCount(count.path("type").asString(""),
                    count.path("events").asInt())));
            fields.add(new SampleField(field.path("name").asString(), field.path("type").isNull() ? ""
                    : field.path("type").asString(""), seenAs, field.path("fitsAll").asBoolean(true),
                    field.path("missingIn").asInt(0)));
        }
        JsonNode json = body.path("json");
        boolean isJson = !json.isMissingNode() && !json.isNull();
        String key = body.path("key").isNull() ? null : body.path("key").asString(null);
        List<SampledEvent> events = new ArrayList<>();
        for (JsonNode event : body.path("events")) {
            JsonNode value = event.path("json");
            events.add(new SampledEvent(event.path("partition").asInt(), event.path("offset").asLong(),
                    event.path("key").isNull() ? null : event.path("key").asString(null),
                    value.isMissingNode() || value.isNull() ? null : value.toString()));
        }
        if (events.isEmpty()) {
            // An api-service from before samples of several events: the one it read.
            events.add(new SampledEvent(body.path("partition").asInt(), body.path("offset").asLong(), key,
                    isJson ? json.toString() : null));
        }
        return new Sample(body.path("topic").asString(topic), body.path("partition").asInt(), body.path("offset").asLong(),
                body.path("timestamp").asString(""), key,
                isJson ? json.toPrettyString() : body.path("rawText").asString(""),
                isJson ? json.toString() : null, body.path("jsonError").asString(null), fields, events);
    }

    ConnectionCheck testClickHouse(ClickHouseForm form, String pipelineId) {
        try {
            JsonNode result = api.post(storedIn("/connections/clickhouse/test", pipelineId), clickHouse(form, true)).body();
            if (result.path("ok").asBoolean(false)) {
                return new ConnectionCheck(true, "Connected to ClickHouse " + result.path("version").asString("")
                        + (form.database().isBlank() ? "." : "; database " + form.database() + " exists."));
            }
            return new ConnectionCheck(false, failure(result));
        } catch (ApiProblemException e) {
            return new ConnectionCheck(false, describe(e.problem()));
        }
    }

    /** The database's tables with their engines (the table step says what the sink will make of one). */
    Tables tables(ClickHouseForm form, String pipelineId) {
        try {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            request.set("connection", clickHouse(form, false));
            request.put("database", form.database());
            List<Table> tables = new ArrayList<>();
            api.post(storedIn("/connections/clickhouse/tables", pipelineId), request).body().path("tables")
                    .forEach((table) -> tables.add(new Table(table.path("name").asString(),
                            table.path("engine").asString(""))));
            return new Tables(tables, tables.isEmpty() ? "The database " + form.database() + " has no tables." : null);
        } catch (ApiProblemException e) {
            return Tables.failed(describe(e.problem()));
        }
    }

    /** The table's columns; throws {@link ApiProblemException} with the reason when they cannot be read. */
    List<TableColumn> columns(ClickHouseForm form, String table, String pipelineId) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("connection", clickHouse(form, false));
        request.put("database", form.database());
        request.put("table", table);
        List<TableColumn> columns = new ArrayList<>();
        for (JsonNode column : api.post(storedIn("/connections/clickhouse/columns", pipelineId), request).body()
                .path("columns")) {
            columns.add(new TableColumn(column.path("name").asString(), column.path("type").asString("")));
        }
        return columns;
    }

    /** The answer to a create-table request: the statement, or why there is none or it failed. */
    record CreatedTable(String ddl, boolean created, String error) {
    }

    /**
     * Shows ({@code dryRun}) or runs the {@code CREATE TABLE} the api-service builds for this choice.
     * A refusal comes back as plain sentences; the api-service writes them for people already.
     */
    CreatedTable createTable(ClickHouseForm form, String table, List<NewTableProposal.ProposedColumn> columns,
            String engine, List<String> orderBy, boolean dryRun, String pipelineId) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("connection", clickHouse(form, false));
        request.put("database", form.database());
        request.put("table", table);
        var array = request.putArray("columns");
        columns.forEach((column) -> array.addObject().put("name", column.name()).put("type", column.type()));
        request.put("engine", engine);
        var sortKey = request.putArray("orderBy");
        orderBy.forEach(sortKey::add);
        request.put("dryRun", dryRun);
        try {
            JsonNode body = api.post(storedIn("/connections/clickhouse/create-table", pipelineId), request).body();
            return new CreatedTable(body.path("ddl").asString(null), body.path("created").asBoolean(false), null);
        } catch (ApiProblemException e) {
            String reason = e.problem().errors().isEmpty() ? e.problem().message() : e.problem().errors().stream()
                    .map((error) -> error.message()).distinct().collect(Collectors.joining(" "));
            return new CreatedTable(null, false, reason);
        }
    }

    private static String storedIn(String path, String pipelineId) {
        return pipelineId == null ? path : path + "?pipeline=" + URLEncoder.encode(pipelineId, StandardCharsets.UTF_8);
    }

    /** The pipeline's definition (secrets masked) and its ETag. */
    ApiResponse pipeline(String id) {
        return api.get("/pipelines/" + id);
    }

    ApiResponse create(ObjectNode definition) {
        return api.post("/pipelines", definition);
    }

    ApiResponse start(String id) {
        return api.post("/pipelines/" + id + "/start", null);
    }

    ApiResponse save(String id, ObjectNode definition, String etag) {
        return api.put("/pipelines/" + id, definition, etag);
    }

    /** Pauses a running pipeline; the answer holds its status, definition and new ETag. */
    ApiResponse pause(String id) {
        return api.post("/pipelines/" + id + "/pause", null);
    }

    ApiResponse resume(String id) {
        return api.post("/pipelines/" + id + "/resume", null);
    }

    /** A problem as plain sentences, one per field at fault; the detail when no field is. */
    static String describe(ApiProblem problem) {
        if (problem.errors().isEmpty()) {
            return problem.message();
        }
        return problem.errors().stream()
                .map((error) -> ProblemSentences.of(error.path(), error.message()))
                .collect(Collectors.joining(" "));
    }

    private static String failure(JsonNode result) {
        String kind = result.path("failure").asString("");
        String error = result.path("error").asString("The connection failed.");
        return kind.isEmpty() ? error : "Failed (" + kind + "): " + error;
    }

    private static ObjectNode request(KafkaForm connection) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("connection", DefinitionAssembler.kafkaConnection(connection));
        return request;
    }

    private static ObjectNode clickHouse(ClickHouseForm form, boolean withDatabase) {
        ObjectNode connection = JsonNodeFactory.instance.objectNode();
        connection.put("url", form.url().trim());
        if (!form.username().isBlank()) {
            connection.put("username", form.username().trim());
        }
        connection.put("password", form.password());
        if (withDatabase && !form.database().isBlank()) {
            connection.put("database", form.database().trim());
        }
        return connection;
    }
}
