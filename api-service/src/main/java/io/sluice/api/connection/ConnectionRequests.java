package io.sluice.api.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.sluice.model.clickhouse.ClickHouseUrls;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.Violation;
import io.sluice.model.validation.PipelineValidator;

/**
 * The request bodies of the connection helpers and their checks. A request that cannot even be
 * tried (no broker, a URL that is not one) is a 400 listing every problem with its JSON path; a
 * well-formed one that fails at the server is not.
 */
final class ConnectionRequests {

    // Kafka's own rule for topic names.
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private ConnectionRequests() {
    }

    /** {@code {connection}}: test a Kafka connection, list its topics. */
    record KafkaRequest(KafkaConnectionFields connection) {

        KafkaConnection check() {
            KafkaConnection model = kafkaModel(this.connection);
            ConnectionRequests.check(kafka(model));
            return model;
        }

    }

    /** A sample reads this many events unless the request asks for another number. */
    static final int DEFAULT_SAMPLE_SIZE = 20;

    /** At most this many: the events travel back in one answer and the wizard keeps them in the session. */
    static final int MAX_SAMPLE_SIZE = 100;

    /** {@code {connection, topic, count?}}: sample a topic's newest events, 20 unless {@code count} says otherwise. */
    record KafkaSampleRequest(KafkaConnectionFields connection, String topic, Integer count) {

        int size() {
            return (this.count == null) ? DEFAULT_SAMPLE_SIZE : this.count;
        }

        KafkaConnection check() {
            KafkaConnection model = kafkaModel(this.connection);
            List<Violation> violations = kafka(model);
            if (this.count != null && (this.count < 1 || this.count > MAX_SAMPLE_SIZE)) {
                violations.add(new Violation("$.count", "must be between 1 and " + MAX_SAMPLE_SIZE));
            }
            if (this.topic == null || this.topic.isBlank()) {
                violations.add(new Violation("$.topic", "is required"));
            }
            else if (!TOPIC.matcher(this.topic).matches()) {
                violations.add(new Violation("$.topic", "is not a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"));
            }
            ConnectionRequests.check(violations);
            return model;
        }

    }

    /** {@code {connection, database}}: list a database's tables. */
    record ClickHouseTablesRequest(ClickHouseConnection connection, String database) {

        void check() {
            List<Violation> violations = clickHouse("$.connection", this.connection);
            required(violations, "$.database", this.database);
            ConnectionRequests.check(violations);
        }

    }

    /** {@code {connection, database, table}}: list a table's columns. */
    record ClickHouseColumnsRequest(ClickHouseConnection connection, String database, String table) {

        void check() {
            List<Violation> violations = clickHouse("$.connection", this.connection);
            required(violations, "$.database", this.database);
            required(violations, "$.table", this.table);
            ConnectionRequests.check(violations);
        }

    }

    /**
     * {@code {connection, database, table, columns[{name, type}], engine, orderBy[], dryRun?}}: create
     * a table (or with {@code dryRun} only show the statement that would).
     */
    record CreateTableRequest(ClickHouseConnection connection, String database, String table,
            List<CreateTableStatement.NewColumn> columns, String engine, List<String> orderBy, Boolean dryRun) {

        void check() {
            List<Violation> violations = clickHouse("$.connection", this.connection);
            required(violations, "$.database", this.database);
            required(violations, "$.table", this.table);
            ConnectionRequests.check(violations);
        }

        boolean onlyShow() {
            return Boolean.TRUE.equals(this.dryRun);
        }

    }

    /** A ClickHouse connection test's body is the connection itself. */
    static void checkClickHouse(ClickHouseConnection connection) {
        check(clickHouse("$", connection));
    }

    private static KafkaConnection kafkaModel(KafkaConnectionFields connection) {
        return (connection != null) ? connection.toModel() : null;
    }

    private static List<Violation> kafka(KafkaConnection connection) {
        return new ArrayList<>(PipelineValidator.validateKafkaConnection("$.connection", connection));
    }

    private static List<Violation> clickHouse(String path, ClickHouseConnection connection) {
        List<Violation> violations = new ArrayList<>();
        if (connection == null) {
            violations.add(new Violation(path, "is required"));
            return violations;
        }
        if (required(violations, path + ".url", connection.url())) {
            ClickHouseUrls.problem(connection.url(), "send them as username and password")
                    .ifPresent(problem -> violations.add(new Violation(path + ".url", problem)));
        }
        return violations;
    }

    private static boolean required(List<Violation> violations, String path, String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(path, "is required"));
            return false;
        }
        return true;
    }

    private static void check(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidConnectionRequestException(violations);
        }
    }

}
