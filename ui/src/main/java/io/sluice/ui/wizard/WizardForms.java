package io.sluice.ui.wizard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import io.sluice.model.definition.SinkDefinition;

/**
 * What the user typed on each page, exactly as the forms send it (text, so that nothing the user
 * wrote is lost before the api-service judges it). {@link DefinitionAssembler} turns these into a
 * definition; {@link DefinitionLoader} turns a stored definition back into them for editing.
 */
final class WizardForms {

    private WizardForms() {
    }

    /** Page 1. The pipeline's id and name are asked here too: every later page belongs to them. */
    record KafkaForm(String pipelineId, String pipelineName, String brokers, String securityProtocol,
            String saslMechanism, String username, String password, String caCertificatePem,
            Boolean skipTlsVerification) implements Serializable {

        KafkaForm {
            skipTlsVerification = Boolean.TRUE.equals(skipTlsVerification);
            pipelineId = text(pipelineId);
            pipelineName = text(pipelineName);
            brokers = text(brokers);
            securityProtocol = text(securityProtocol).isBlank() ? "PLAINTEXT" : securityProtocol;
            saslMechanism = text(saslMechanism);
            username = text(username);
            password = text(password);
            caCertificatePem = text(caCertificatePem);
        }

        KafkaForm withPassword(String secret) {
            return new KafkaForm(pipelineId, pipelineName, brokers, securityProtocol, saslMechanism, username, secret,
                    caCertificatePem, skipTlsVerification);
        }

        KafkaForm withPipelineId(String id) {
            return new KafkaForm(id, pipelineName, brokers, securityProtocol, saslMechanism, username, password,
                    caCertificatePem, skipTlsVerification);
        }

        /** Whether both reach the same cluster as the same user; the pipeline's id and name do not matter. */
        boolean sameConnection(KafkaForm other) {
            return brokers.equals(other.brokers) && securityProtocol.equals(other.securityProtocol)
                    && saslMechanism.equals(other.saslMechanism) && username.equals(other.username)
                    && password.equals(other.password) && caCertificatePem.equals(other.caCertificatePem)
                    && skipTlsVerification.equals(other.skipTlsVerification);
        }

        static KafkaForm empty() {
            return new KafkaForm("", "", "", "PLAINTEXT", "", "", "", "", false);
        }

        List<String> brokerList() {
            return splitList(brokers);
        }

        @Override
        public String toString() {
            return "KafkaForm[" + pipelineId + ", " + brokers + "]";
        }
    }

    // Booleans are boxed: an unticked checkbox sends nothing, which binds as null, meaning false.

    /**
     * One field of a source's schema, as a row of the schema table.
     *
     * @param include whether the pipeline uses the field (rows of the sample the user unticks are left out)
     * @param type    {@code string}, {@code int}, …; blank while unknown (a null in the sample)
     */
    record SchemaRow(Boolean include, String name, String type) implements Serializable {

        SchemaRow {
            include = Boolean.TRUE.equals(include);
            name = text(name);
            type = text(type);
        }
    }

    /** Page 2. */
    record TopicForm(String sourceId, String topic, String initialOffset, List<SchemaRow> fields)
            implements Serializable {

        TopicForm {
            sourceId = text(sourceId).trim();
            topic = text(topic).trim();
            initialOffset = text(initialOffset).isBlank() ? "earliest" : initialOffset;
            fields = withoutBlankRows(fields);
        }

        TopicForm withSourceId(String id) {
            return new TopicForm(id, topic, initialOffset, fields);
        }

        TopicForm withFields(List<SchemaRow> rows) {
            return new TopicForm(sourceId, topic, initialOffset, rows);
        }

        static TopicForm empty() {
            return new TopicForm("", "", "earliest", List.of());
        }
    }

    /** Page 3: first-wins deduplication of the first source. */
    record DedupForm(Boolean enabled, List<String> key, String window) implements Serializable {

        DedupForm {
            enabled = Boolean.TRUE.equals(enabled);
            key = key == null ? List.of() : key.stream().filter((k) -> k != null && !k.isBlank()).toList();
            window = text(window);
        }

        static DedupForm empty() {
            return new DedupForm(true, List.of(), "1h");
        }
    }

    /**
     * One field of a joined row.
     *
     * @param source {@code left} or {@code right}: which source the field comes from
     * @param as     its name in the joined row; blank keeps the field's own name
     */
    record OutputRow(Boolean include, String source, String field, String as) implements Serializable {

        OutputRow {
            include = Boolean.TRUE.equals(include);
            source = text(source);
            field = text(field);
            as = text(as);
        }
    }

    /**
     * Page 4: an optional second source joined with the first. Keys are comma-separated field names,
     * compared in order.
     */
    record JoinForm(Boolean enabled, Boolean reuseConnection, String brokers, String securityProtocol,
            String saslMechanism, String username, String password, String sourceId, String topic,
            String initialOffset, List<SchemaRow> fields, String leftKey, String rightKey, String leftWindow,
            String rightWindow, List<OutputRow> outputFields, String type) implements Serializable {

        JoinForm {
            // "left" writes the first source's events without partner too; anything else is an inner join.
            type = "left".equals(type) ? "left" : "inner";
            enabled = Boolean.TRUE.equals(enabled);
            reuseConnection = Boolean.TRUE.equals(reuseConnection);
            brokers = text(brokers);
            securityProtocol = text(securityProtocol).isBlank() ? "PLAINTEXT" : securityProtocol;
            saslMechanism = text(saslMechanism);
            username = text(username);
            password = text(password);
            sourceId = text(sourceId).trim();
            topic = text(topic).trim();
            initialOffset = text(initialOffset).isBlank() ? "earliest" : initialOffset;
            leftKey = text(leftKey);
            rightKey = text(rightKey);
            leftWindow = text(leftWindow);
            rightWindow = text(rightWindow);
            fields = withoutBlankRows(fields);
            outputFields = outputFields == null ? List.of() : List.copyOf(outputFields);
        }

        JoinForm withPassword(String secret) {
            return toBuilder().password(secret).build();
        }

        static JoinForm empty() {
            return builder().build();
        }

        /** Starts from the empty form: no join, the first source's connection, 5m windows, an inner join. */
        static Builder builder() {
            return new Builder();
        }

        Builder toBuilder() {
            return new Builder().enabled(enabled).reuseConnection(reuseConnection).brokers(brokers)
                    .securityProtocol(securityProtocol).saslMechanism(saslMechanism).username(username)
                    .password(password).sourceId(sourceId).topic(topic).initialOffset(initialOffset).fields(fields)
                    .leftKey(leftKey).rightKey(rightKey).leftWindow(leftWindow).rightWindow(rightWindow)
                    .outputFields(outputFields).type(type);
        }

        /** Seventeen components are too many to pass by position: call sites name what they set. */
        static final class Builder {

            private Boolean enabled = false;

            private Boolean reuseConnection = true;

            private String brokers = "";

            private String securityProtocol = "PLAINTEXT";

            private String saslMechanism = "";

            private String username = "";

            private String password = "";

            private String sourceId = "";

            private String topic = "";

            private String initialOffset = "earliest";

            private List<SchemaRow> fields = List.of();

            private String leftKey = "";

            private String rightKey = "";

            private String leftWindow = "5m";

            private String rightWindow = "5m";

            private List<OutputRow> outputFields = List.of();

            private String type = "inner";

            private Builder() {
            }

            Builder enabled(Boolean enabled) {
                this.enabled = enabled;
                return this;
            }

            Builder reuseConnection(Boolean reuseConnection) {
                this.reuseConnection = reuseConnection;
                return this;
            }

            Builder brokers(String brokers) {
                this.brokers = brokers;
                return this;
            }

            Builder securityProtocol(String securityProtocol) {
                this.securityProtocol = securityProtocol;
                return this;
            }

            Builder saslMechanism(String saslMechanism) {
                this.saslMechanism = saslMechanism;
                return this;
            }

            Builder username(String username) {
                this.username = username;
                return this;
            }

            Builder password(String password) {
                this.password = password;
                return this;
            }

            Builder sourceId(String sourceId) {
                this.sourceId = sourceId;
                return this;
            }

            Builder topic(String topic) {
                this.topic = topic;
                return this;
            }

            Builder initialOffset(String initialOffset) {
                this.initialOffset = initialOffset;
                return this;
            }

            Builder fields(List<SchemaRow> fields) {
                this.fields = fields;
                return this;
            }

            Builder leftKey(String leftKey) {
                this.leftKey = leftKey;
                return this;
            }

            Builder rightKey(String rightKey) {
                this.rightKey = rightKey;
                return this;
            }

            Builder leftWindow(String leftWindow) {
                this.leftWindow = leftWindow;
                return this;
            }

            Builder rightWindow(String rightWindow) {
                this.rightWindow = rightWindow;
                return this;
            }

            Builder outputFields(List<OutputRow> outputFields) {
                this.outputFields = outputFields;
                return this;
            }

            Builder type(String type) {
                this.type = type;
                return this;
            }

            JoinForm build() {
                return new JoinForm(enabled, reuseConnection, brokers, securityProtocol, saslMechanism, username,
                        password, sourceId, topic, initialOffset, fields, leftKey, rightKey, leftWindow, rightWindow,
                        outputFields, type);
            }
        }

        @Override
        public String toString() {
            return "JoinForm[" + enabled + ", " + topic + "]";
        }
    }

    /** Page 5: blank for no filter. */
    record FilterForm(String expression) implements Serializable {

        FilterForm {
            expression = text(expression);
        }

        static FilterForm empty() {
            return new FilterForm("");
        }
    }

    /** Page 6. */
    record ClickHouseForm(String url, String database, String username, String password) implements Serializable {

        ClickHouseForm {
            url = text(url);
            database = text(database);
            username = text(username);
            password = text(password);
        }

        ClickHouseForm withPassword(String secret) {
            return new ClickHouseForm(url, database, username, secret);
        }

        static ClickHouseForm empty() {
            return new ClickHouseForm("http://127.0.0.1:8123", "default", "default", "");
        }

        @Override
        public String toString() {
            return "ClickHouseForm[" + url + ", " + database + "]";
        }
    }

    /**
     * Where one output field goes.
     *
     * @param column blank when the field is not written
     */
    record MappingRow(String field, String column) implements Serializable {

        MappingRow {
            field = text(field);
            column = text(column);
        }
    }

    /**
     * Page 7. Numbers stay text: a typo reaches the api-service, which says what is wrong where.
     *
     * @param allowAtLeastOnce the user's consent to write into a table that does not drop a replayed
     *                         insert (the sink's {@code allowAtLeastOnce}); off unless ticked
     */
    record TableForm(String table, String maxBatchSize, String maxDelay, List<MappingRow> mapping,
            Boolean allowAtLeastOnce) implements Serializable {

        TableForm {
            table = text(table);
            maxBatchSize = text(maxBatchSize);
            maxDelay = text(maxDelay);
            mapping = mapping == null ? List.of() : mapping.stream().filter((row) -> row != null && !row.field().isBlank())
                    .toList();
            allowAtLeastOnce = Boolean.TRUE.equals(allowAtLeastOnce);
        }

        /** The same choices with another mapping: a proposal must not drop the rest of the page. */
        TableForm withMapping(List<MappingRow> rows) {
            return new TableForm(table, maxBatchSize, maxDelay, rows, allowAtLeastOnce);
        }

        static TableForm empty() {
            return new TableForm("", Integer.toString(SinkDefinition.DEFAULT_MAX_BATCH_SIZE), "1s", List.of(), false);
        }
    }

    /** Every page's form, which is all a definition is made of. */
    record Forms(KafkaForm kafka, TopicForm topic, DedupForm dedup, JoinForm join, FilterForm filter,
            ClickHouseForm clickHouse, TableForm table) implements Serializable {

        static Forms empty() {
            return new Forms(KafkaForm.empty(), TopicForm.empty(), DedupForm.empty(), JoinForm.empty(),
                    FilterForm.empty(), ClickHouseForm.empty(), TableForm.empty());
        }

        Forms with(KafkaForm form) {
            return new Forms(form, topic, dedup, join, filter, clickHouse, table);
        }

        Forms with(TopicForm form) {
            return new Forms(kafka, form, dedup, join, filter, clickHouse, table);
        }

        Forms with(DedupForm form) {
            return new Forms(kafka, topic, form, join, filter, clickHouse, table);
        }

        Forms with(JoinForm form) {
            return new Forms(kafka, topic, dedup, form, filter, clickHouse, table);
        }

        Forms with(FilterForm form) {
            return new Forms(kafka, topic, dedup, join, form, clickHouse, table);
        }

        Forms with(ClickHouseForm form) {
            return new Forms(kafka, topic, dedup, join, filter, form, table);
        }

        Forms with(TableForm form) {
            return new Forms(kafka, topic, dedup, join, filter, clickHouse, form);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Splits "a, b\nc" into [a, b, c]: brokers and keys are typed as one line. */
    static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String item : text.split("[,\\s]+")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    // The schema table has an empty row to add a field; an unused one is no field.
    private static List<SchemaRow> withoutBlankRows(List<SchemaRow> rows) {
        if (rows == null) {
            return List.of();
        }
        return rows.stream().filter((row) -> row != null && row.name() != null && !row.name().isBlank())
                .map((row) -> new SchemaRow(row.include(), row.name().trim(), row.type() == null ? "" : row.type()))
                .toList();
    }
}
