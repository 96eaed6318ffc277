package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinType;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;

/**
 * Fills the wizard's forms from a stored definition, to edit it. Secrets arrive masked as
 * {@code "********"} and stay so: sent back unchanged, they keep the stored secret.
 */
final class DefinitionLoader {

    private DefinitionLoader() {
    }

    static Forms forms(PipelineDefinition definition) {
        SourceDefinition first = definition.sources().isEmpty() ? null : definition.sources().get(0);
        KafkaConnection connection = first == null ? null : first.connection();
        KafkaForm kafka = new KafkaForm(nullToBlank(definition.id()), nullToBlank(definition.name()),
                connection == null ? "" : String.join(", ", connection.brokers()),
                connection == null ? "PLAINTEXT" : connection.securityProtocol().name(),
                connection == null || connection.saslMechanism() == null ? "" : connection.saslMechanism().kafkaName(),
                connection == null ? "" : nullToBlank(connection.username()),
                connection == null ? "" : nullToBlank(connection.password()),
                connection == null ? "" : nullToBlank(connection.caCertificatePem()),
                connection != null && connection.skipTlsVerification());
        TopicForm topic = first == null ? TopicForm.empty() : new TopicForm(nullToBlank(first.id()),
                nullToBlank(first.topic()), offset(first), schema(first));
        DedupForm dedup = first == null || first.dedup() == null ? new DedupForm(false, List.of(), "1h")
                : new DedupForm(true, first.dedup().key(), window(first.dedup().window()));
        JoinForm join = join(definition, first);
        FilterForm filter = new FilterForm(nullToBlank(definition.filter()));
        SinkDefinition sink = definition.sink();
        ClickHouseForm clickHouse = sink == null ? ClickHouseForm.empty() : new ClickHouseForm(nullToBlank(sink.url()),
                nullToBlank(sink.database()), nullToBlank(sink.username()), nullToBlank(sink.password()));
        TableForm table = sink == null ? TableForm.empty() : new TableForm(nullToBlank(sink.table()),
                String.valueOf(sink.maxBatchSize()), window(sink.maxDelay()),
                sink.mapping().stream().map((m) -> new MappingRow(m.field(), m.column())).toList(),
                sink.allowAtLeastOnce());
        return new Forms(kafka, topic, dedup, join, filter, clickHouse, table);
    }

    /** The columns the stored mapping names, with the types it recorded: enough to show the mapping without asking ClickHouse. */
    static List<TableColumn> mappedColumns(PipelineDefinition definition) {
        List<TableColumn> columns = new ArrayList<>();
        if (definition.sink() != null) {
            for (ColumnMapping mapping : definition.sink().mapping()) {
                columns.add(new TableColumn(mapping.column(), nullToBlank(mapping.columnType())));
            }
        }
        return columns;
    }

    private static JoinForm join(PipelineDefinition definition, SourceDefinition first) {
        JoinDefinition join = definition.join();
        if (join == null || definition.sources().size() < 2) {
            return JoinForm.empty();
        }
        SourceDefinition second = definition.sources().get(1);
        KafkaConnection own = second.connection();
        boolean reuse = first != null && own != null && own.equals(first.connection());
        JoinSide left = join.left();
        JoinSide right = join.right();
        List<OutputRow> outputs = new ArrayList<>();
        for (OutputField output : join.outputFields()) {
            boolean fromRight = second.id() != null && second.id().equals(output.sourceId());
            outputs.add(new OutputRow(true, fromRight ? "right" : "left", output.field(), nullToBlank(output.as())));
        }
        JoinForm.Builder form = JoinForm.builder().enabled(true).reuseConnection(reuse)
                .sourceId(nullToBlank(second.id())).topic(nullToBlank(second.topic())).initialOffset(offset(second))
                .fields(schema(second)).outputFields(outputs).type(join.type() == JoinType.LEFT ? "left" : "inner")
                .leftKey(left == null ? "" : String.join(", ", left.key()))
                .rightKey(right == null ? "" : String.join(", ", right.key()))
                .leftWindow(left == null ? "" : window(left.window()))
                .rightWindow(right == null ? "" : window(right.window()));
        if (own != null) {
            form.brokers(String.join(", ", own.brokers())).securityProtocol(own.securityProtocol().name())
                    .saslMechanism(own.saslMechanism() == null ? "" : own.saslMechanism().kafkaName())
                    .username(nullToBlank(own.username())).password(nullToBlank(own.password()));
        }
        return form.build();
    }

    private static List<SchemaRow> schema(SourceDefinition source) {
        List<SchemaRow> rows = new ArrayList<>();
        if (source.schema() != null) {
            for (FieldDefinition field : source.schema().fields()) {
                if (field != null) {
                    rows.add(new SchemaRow(true, field.name(),
                            field.type() == null ? "" : field.type().name().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return rows;
    }

    private static String offset(SourceDefinition source) {
        return source.initialOffset().name().toLowerCase(Locale.ROOT);
    }

    private static String window(Window window) {
        return window == null ? "" : window.text();
    }

    private static String nullToBlank(String value) {
        return value == null ? "" : value;
    }
}
