package io.sluice.ui.wizard;

import java.util.List;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the wizard's forms into a pipeline definition in JSON, the body of {@code POST /pipelines}.
 *
 * <p>It builds JSON rather than {@link PipelineDefinition} records on purpose: it does not judge
 * what the user typed. A blank required value is left out and an invalid window or batch size is
 * sent as typed, so the api-service reports every problem with its JSON path and the wizard shows
 * each next to its input (see {@link ErrorRouting}).
 */
final class DefinitionAssembler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DefinitionAssembler() {
    }

    /**
     * @param columns the chosen table's columns, for each mapping's {@code columnType} (the sink
     *                checks the table still has that type when the pipeline starts)
     */
    static ObjectNode assemble(Forms forms, List<TableColumn> columns) {
        ObjectNode definition = NODES.objectNode();
        text(definition, "id", forms.kafka().pipelineId());
        text(definition, "name", forms.kafka().pipelineName());
        ArrayNode sources = definition.putArray("sources");
        String leftId = blankToNull(forms.topic().sourceId());
        ObjectNode left = sources.addObject();
        text(left, "id", leftId);
        connection(left.putObject("connection"), forms.kafka());
        text(left, "topic", forms.topic().topic());
        text(left, "initialOffset", forms.topic().initialOffset());
        schema(left, forms.topic().fields());
        if (forms.dedup().enabled()) {
            ObjectNode dedup = left.putObject("dedup");
            ArrayNode key = dedup.putArray("key");
            forms.dedup().key().forEach(key::add);
            text(dedup, "window", forms.dedup().window());
        }
        JoinForm join = forms.join();
        if (join.enabled()) {
            String rightId = blankToNull(join.sourceId());
            ObjectNode right = sources.addObject();
            text(right, "id", rightId);
            connection(right.putObject("connection"), rightConnection(forms));
            text(right, "topic", join.topic());
            text(right, "initialOffset", join.initialOffset());
            schema(right, join.fields());
            ObjectNode joinNode = definition.putObject("join");
            joinNode.put("type", join.type());
            side(joinNode.putObject("left"), leftId, join.leftKey(), join.leftWindow());
            side(joinNode.putObject("right"), rightId, join.rightKey(), join.rightWindow());
            ArrayNode outputs = joinNode.putArray("outputFields");
            for (OutputRow row : join.outputFields()) {
                if (row.include()) {
                    ObjectNode output = outputs.addObject();
                    text(output, "sourceId", "right".equals(row.source()) ? rightId : leftId);
                    text(output, "field", row.field());
                    text(output, "as", row.as());
                }
            }
        }
        text(definition, "filter", forms.filter().expression());
        definition.set("sink", sink(forms, columns));
        return definition;
    }

    /** The definition as the review page shows it: pretty, with every secret masked. */
    static ObjectNode masked(ObjectNode definition) {
        ObjectNode copy = definition.deepCopy();
        for (var source : copy.path("sources")) {
            if (source.path("connection") instanceof ObjectNode connection) {
                mask(connection, "password");
                mask(connection, "caCertificatePem");
            }
        }
        if (copy.path("sink") instanceof ObjectNode sink) {
            mask(sink, "password");
        }
        return copy;
    }

    private static void mask(ObjectNode node, String property) {
        if (node.hasNonNull(property) && !node.get(property).asString("").isEmpty()) {
            node.put(property, PipelineDefinition.MASKED_SECRET);
        }
    }

    /** A Kafka connection as the connection helpers of the api-service take it. */
    static ObjectNode kafkaConnection(KafkaForm kafka) {
        ObjectNode connection = NODES.objectNode();
        connection(connection, kafka);
        return connection;
    }

    /** The second source's connection: the first's, or its own. */
    static KafkaForm rightConnection(Forms forms) {
        JoinForm join = forms.join();
        return join.reuseConnection() ? forms.kafka() : new KafkaForm(null, null, join.brokers(),
                join.securityProtocol(), join.saslMechanism(), join.username(), join.password(), null, false);
    }

    private static void connection(ObjectNode connection, KafkaForm kafka) {
        ArrayNode brokers = connection.putArray("brokers");
        kafka.brokerList().forEach(brokers::add);
        text(connection, "securityProtocol", kafka.securityProtocol());
        boolean sasl = kafka.securityProtocol() != null && kafka.securityProtocol().startsWith("SASL");
        if (sasl) {
            text(connection, "saslMechanism", kafka.saslMechanism());
            text(connection, "username", kafka.username());
            secret(connection, "password", kafka.password());
        }
        boolean tls = "SSL".equals(kafka.securityProtocol()) || "SASL_SSL".equals(kafka.securityProtocol());
        if (tls) {
            secret(connection, "caCertificatePem", kafka.caCertificatePem());
            if (kafka.skipTlsVerification()) {
                connection.put("skipTlsVerification", true);
            }
        }
    }

    private static void schema(ObjectNode source, List<SchemaRow> rows) {
        ArrayNode fields = source.putObject("schema").putArray("fields");
        for (SchemaRow row : rows) {
            if (row.include()) {
                ObjectNode field = fields.addObject();
                text(field, "name", row.name());
                text(field, "type", row.type());
            }
        }
    }

    private static void side(ObjectNode side, String sourceId, String key, String window) {
        text(side, "sourceId", sourceId);
        ArrayNode keys = side.putArray("key");
        WizardForms.splitList(key).forEach(keys::add);
        text(side, "window", window);
    }

    private static ObjectNode sink(Forms forms, List<TableColumn> columns) {
        ObjectNode sink = NODES.objectNode();
        text(sink, "url", forms.clickHouse().url());
        text(sink, "database", forms.clickHouse().database());
        text(sink, "username", forms.clickHouse().username());
        secret(sink, "password", forms.clickHouse().password());
        TableForm table = forms.table();
        text(sink, "table", table.table());
        String batch = table.maxBatchSize() == null ? "" : table.maxBatchSize().trim();
        if (batch.matches("-?\\d{1,9}")) {
            sink.put("maxBatchSize", Integer.parseInt(batch));
        } else {
            // Sent as typed: the api-service answers "must be an integer" at $.sink.maxBatchSize.
            text(sink, "maxBatchSize", batch);
        }
        text(sink, "maxDelay", table.maxDelay());
        if (table.allowAtLeastOnce()) {
            // Only when ticked, as the pipeline model writes it: unticked, the sink insists on exactly-once.
            sink.put("allowAtLeastOnce", true);
        }
        ArrayNode mapping = sink.putArray("mapping");
        for (MappingRow row : table.mapping()) {
            if (row.column() != null && !row.column().isBlank()) {
                ObjectNode column = mapping.addObject();
                column.put("field", row.field());
                column.put("column", row.column());
                columns.stream().filter((c) -> c.name().equals(row.column())).findFirst()
                        .ifPresent((c) -> column.put("columnType", c.type()));
            }
        }
        return sink;
    }

    // Blank is left out: the api-service then says "is required" where a value is needed.
    private static void text(ObjectNode node, String property, String value) {
        if (value != null && !value.isBlank()) {
            node.put(property, value.trim());
        }
    }

    // Secrets are sent exactly as typed: spaces may be part of a password.
    private static void secret(ObjectNode node, String property, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(property, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
