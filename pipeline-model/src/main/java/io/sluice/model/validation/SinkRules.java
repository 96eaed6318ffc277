package io.sluice.model.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.model.clickhouse.ClickHouseUrls;
import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;

final class SinkRules {

    static final int MAX_BATCH_SIZE = 1_000_000;

    /** Longest database or table name; both are shown on the pipeline page. */
    static final int MAX_NAME_LENGTH = 200;

    private static final String PATH = "$.sink";

    private SinkRules() {
    }

    static void check(Problems problems, SinkDefinition sink, Optional<OutputSchema> output) {
        if (!problems.required(PATH, sink)) {
            return;
        }
        if (problems.required(PATH + ".url", sink.url())) {
            ClickHouseUrls.problem(sink.url(), "put them in sink.username and sink.password, where the password is"
                    + " stored encrypted and masked").ifPresent(problem -> problems.add(PATH + ".url", problem));
        }
        if (problems.required(PATH + ".database", sink.database())) {
            problems.maxLength(PATH + ".database", sink.database(), MAX_NAME_LENGTH);
        }
        if (problems.required(PATH + ".table", sink.table())) {
            problems.maxLength(PATH + ".table", sink.table(), MAX_NAME_LENGTH);
        }
        if (sink.maxBatchSize() < 1 || sink.maxBatchSize() > MAX_BATCH_SIZE) {
            problems.add(PATH + ".maxBatchSize", "must be between 1 and " + MAX_BATCH_SIZE + ", was " + sink.maxBatchSize());
        }
        problems.window(PATH + ".maxDelay", sink.maxDelay(), Duration.ofMinutes(10), "10m");
        mapping(problems, sink.mapping(), output);
    }

    private static void mapping(Problems problems, List<ColumnMapping> mapping, Optional<OutputSchema> output) {
        String path = PATH + ".mapping";
        if (!problems.notEmpty(path, mapping, "column")) {
            return;
        }
        List<String> columns = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < mapping.size(); i++) {
            String columnPath = path + "[" + i + "]";
            ColumnMapping column = mapping.get(i);
            if (!problems.element(columnPath, column)) {
                continue;
            }
            if (problems.required(columnPath + ".field", column.field()) && output.isPresent()
                    && !output.get().has(column.field())) {
                problems.add(columnPath + ".field", "unknown field \"" + column.field() + "\"; the pipeline's output has: "
                        + output.get().describe());
            }
            problems.required(columnPath + ".column", column.column());
            if (column.columnType() != null && column.columnType().isBlank()) {
                problems.add(columnPath + ".columnType", "must not be blank; leave it out to use the table's own type");
            }
            columns.add(column.column());
            paths.add(columnPath + ".column");
        }
        problems.unique(columns, paths, "column");
    }
}
