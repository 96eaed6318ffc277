package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A pipeline definition in words, for the review page: the flow from source to table in a few lines,
 * and when an existing pipeline is edited what the new definition changes ("Dedup window: 1h → 2h").
 * Works on the definition's JSON, so it reads the wizard's own definition, invalid values included,
 * and the saved one alike. Secrets are never shown.
 */
final class DefinitionSummary {

    static final String NONE = "none";

    private DefinitionSummary() {
    }

    /** Source → dedup → join → filter → ClickHouse, one line each. */
    static List<String> flow(JsonNode definition) {
        JsonNode left = definition.path("sources").path(0);
        List<String> lines = new ArrayList<>();
        lines.add("Source: topic " + or(left.path("topic"), "(none chosen)") + " on " + or(list(left.path("connection")
                .path("brokers")), "(no brokers)"));
        JsonNode dedup = left.path("dedup");
        lines.add(dedup.isObject() ? "Deduplication: by " + or(list(dedup.path("key")), "(no key)") + " within "
                + or(dedup.path("window"), "(no window)") : "No deduplication");
        JsonNode join = definition.path("join");
        if (join.isObject()) {
            JsonNode right = definition.path("sources").path(1);
            lines.add("Join: " + or(join.path("type"), "") + " join with topic " + or(right.path("topic"), "(none chosen)")
                    + " on " + or(list(join.path("left").path("key")), "?") + " = " + or(list(join.path("right").path("key")), "?")
                    + ", windows " + or(join.path("left").path("window"), "?") + " / " + or(join.path("right").path("window"), "?"));
        } else {
            lines.add("No join");
        }
        lines.add(definition.path("filter").isString() ? "Filter: keeps events where " + definition.path("filter").asString()
                : "No filter: every event is kept");
        JsonNode sink = definition.path("sink");
        int mapped = sink.path("mapping").size();
        lines.add("ClickHouse: table " + or(sink.path("database"), "?") + "." + or(sink.path("table"), "?") + " at "
                + or(sink.path("url"), "(no URL)") + ", " + mapped + (mapped == 1 ? " column" : " columns") + " mapped");
        return lines;
    }

    /**
     * What {@code now} changes against {@code saved}, one plain line per changed setting, in the
     * wizard's order; empty when nothing a user set differs.
     */
    static List<String> changes(JsonNode saved, JsonNode now) {
        Map<String, String> before = facts(saved);
        Map<String, String> after = facts(now);
        Set<String> labels = new LinkedHashSet<>(after.keySet());
        labels.addAll(before.keySet());
        List<String> lines = new ArrayList<>();
        for (String label : labels) {
            String old = before.getOrDefault(label, NONE);
            String changed = after.getOrDefault(label, NONE);
            if (!Objects.equals(old, changed)) {
                lines.add(label + ": " + old + " → " + changed);
            }
        }
        return lines;
    }

    /** Each setting a user can change, by its label; secrets left out. */
    static Map<String, String> facts(JsonNode definition) {
        Map<String, String> facts = new LinkedHashMap<>();
        put(facts, "Name", text(definition.path("name")));
        JsonNode sources = definition.path("sources");
        for (int i = 0; i < sources.size(); i++) {
            JsonNode source = sources.path(i);
            String prefix = i == 0 ? "" : "Second source: ";
            JsonNode connection = source.path("connection");
            put(facts, prefix + "Brokers", list(connection.path("brokers")));
            put(facts, prefix + "Security protocol", text(connection.path("securityProtocol")));
            put(facts, prefix + "SASL mechanism", text(connection.path("saslMechanism")));
            put(facts, prefix + "SASL user", text(connection.path("username")));
            put(facts, prefix + "Topic", text(source.path("topic")));
            put(facts, prefix + "Source id", text(source.path("id")));
            put(facts, prefix + "Start reading at", text(source.path("initialOffset")));
            for (JsonNode field : source.path("schema").path("fields")) {
                put(facts, prefix + "Field " + text(field.path("name")), text(field.path("type")));
            }
            JsonNode dedup = source.path("dedup");
            put(facts, prefix + "Deduplication", dedup.isObject() ? "on" : "off");
            if (dedup.isObject()) {
                put(facts, prefix + "Dedup key", list(dedup.path("key")));
                put(facts, prefix + "Dedup window", text(dedup.path("window")));
            }
        }
        JsonNode join = definition.path("join");
        put(facts, "Join", join.isObject() ? text(join.path("type")) : "off");
        if (join.isObject()) {
            put(facts, "Join key of the first topic", list(join.path("left").path("key")));
            put(facts, "Join window of the first topic", text(join.path("left").path("window")));
            put(facts, "Join key of the second topic", list(join.path("right").path("key")));
            put(facts, "Join window of the second topic", text(join.path("right").path("window")));
            List<String> outputs = new ArrayList<>();
            for (JsonNode output : join.path("outputFields")) {
                String field = text(output.path("sourceId")) + "." + text(output.path("field"));
                String as = text(output.path("as"));
                outputs.add(as == null ? field : field + " as " + as);
            }
            put(facts, "Joined fields", String.join(", ", outputs));
        }
        put(facts, "Filter", text(definition.path("filter")));
        JsonNode sink = definition.path("sink");
        put(facts, "ClickHouse URL", text(sink.path("url")));
        put(facts, "ClickHouse user", text(sink.path("username")));
        put(facts, "Database", text(sink.path("database")));
        put(facts, "Table", text(sink.path("table")));
        put(facts, "Batch size", sink.path("maxBatchSize").isMissingNode() ? null : sink.path("maxBatchSize").asString());
        put(facts, "Maximum delay", text(sink.path("maxDelay")));
        put(facts, "At-least-once accepted", sink.path("allowAtLeastOnce").asBoolean(false) ? "yes" : "no");
        for (JsonNode column : sink.path("mapping")) {
            put(facts, "Column " + text(column.path("column")), "from field " + text(column.path("field")));
        }
        return facts;
    }

    private static void put(Map<String, String> facts, String label, String value) {
        if (value != null && !value.isEmpty()) {
            facts.put(label, value);
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static String list(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach((value) -> values.add(value.asString()));
        return String.join(", ", values);
    }

    private static String or(JsonNode node, String otherwise) {
        String text = text(node);
        return text == null || text.isBlank() ? otherwise : text;
    }

    private static String or(String text, String otherwise) {
        return text == null || text.isBlank() ? otherwise : text;
    }
}
