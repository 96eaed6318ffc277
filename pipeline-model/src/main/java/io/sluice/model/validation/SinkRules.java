package io.sluice.model.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;

final class SinkRules {

    static final int MAX_BATCH_SIZE = 1_000_000;

    private static final String PATH = "$.sink";

    private SinkRules() {
    }

    static void check(Problems problems, SinkDefinition sink, Optional<OutputSchema> output) {
        if (!problems.required(PATH, sink)) {
            return;
        }
        if (problems.required(PATH + ".url", sink.url()) && hasUserInfo(sink.url())) {
            // Not echoed: the URL holds a password. It would be stored and shown in clear there.
            problems.add(PATH + ".url", "must not contain a user or password (user:password@); put them in"
                    + " sink.username and sink.password, where the password is stored encrypted and masked");
        }
        else if (sink.url() != null && !sink.url().isBlank() && !isHttpUrl(sink.url())) {
            problems.add(PATH + ".url", "must be an http:// or https:// URL, like http://clickhouse:8123, not \""
                    + sink.url() + "\"");
        }
        problems.required(PATH + ".database", sink.database());
        problems.required(PATH + ".table", sink.table());
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

    private static boolean hasUserInfo(String url) {
        try {
            return new URI(url).getRawUserInfo() != null;
        }
        catch (URISyntaxException ex) {
            // Not a URL at all; still, an '@' before the host part is most likely credentials.
            int at = url.indexOf('@');
            return at >= 0 && url.indexOf("//") >= 0 && at > url.indexOf("//");
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

}
