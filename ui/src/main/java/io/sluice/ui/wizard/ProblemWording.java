package io.sluice.ui.wizard;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.ui.wizard.ErrorRouting.Location;

/**
 * A violation of the definition's rules ({@code $.id}: "must be a slug of …") as the sentence shown
 * next to the input it concerns: "Pipeline id may use only …". The user typed into labelled inputs,
 * so the sentence names the input by its label and never by its JSON path.
 */
final class ProblemWording {

    // Labels by page and input name, as the pages show them.
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("kafka/pipelineId", "Pipeline id"),
            Map.entry("kafka/pipelineName", "Pipeline name"),
            Map.entry("kafka/brokers", "Brokers"),
            Map.entry("kafka/securityProtocol", "Security protocol"),
            Map.entry("kafka/saslMechanism", "SASL mechanism"),
            Map.entry("kafka/username", "SASL user"),
            Map.entry("kafka/password", "SASL password"),
            Map.entry("kafka/caCertificatePem", "CA certificate"),
            Map.entry("topic/topic", "Topic"),
            Map.entry("topic/sourceId", "Source id"),
            Map.entry("topic/initialOffset", "Where to start reading"),
            Map.entry("topic/fields", "Fields"),
            Map.entry("dedup/key", "Dedup key"),
            Map.entry("dedup/window", "Dedup window"),
            Map.entry("join/brokers", "Brokers of the second topic"),
            Map.entry("join/saslMechanism", "SASL mechanism"),
            Map.entry("join/username", "SASL user"),
            Map.entry("join/password", "SASL password"),
            Map.entry("join/topic", "Second topic"),
            Map.entry("join/sourceId", "Source id of the second topic"),
            Map.entry("join/initialOffset", "Where to start reading the second topic"),
            Map.entry("join/fields", "Fields of the second topic"),
            Map.entry("join/leftKey", "Join key of the first topic"),
            Map.entry("join/rightKey", "Join key of the second topic"),
            Map.entry("join/leftWindow", "Join window of the first topic"),
            Map.entry("join/rightWindow", "Join window of the second topic"),
            Map.entry("join/outputFields", "Joined fields"),
            Map.entry("filter/expression", "Filter"),
            Map.entry("clickhouse/url", "ClickHouse URL"),
            Map.entry("clickhouse/database", "Database"),
            Map.entry("clickhouse/username", "ClickHouse user"),
            Map.entry("clickhouse/password", "ClickHouse password"),
            Map.entry("table/table", "Table"),
            Map.entry("table/maxBatchSize", "Batch size"),
            Map.entry("table/maxDelay", "Maximum delay"),
            Map.entry("table/mapping", "Mapping"));

    private static final Pattern SLUG = Pattern.compile(
            "^must be a slug of at most 63 lower-case letters, digits and '-', starting with a letter or digit, not \"(.*)\"$");

    private static final Pattern PREDICATE = Pattern.compile(
            "(is|are|must|may|needs|has|have|should|cannot|can|does|was|'[^']*' is) ");

    private static final Pattern ALSO_AT = Pattern.compile(" \\(also at \\$[^)]*\\)");

    // The last property of a path and its element's index: "type" of "$.sources[0].schema.fields[2].type".
    private static final Pattern LAST = Pattern.compile("\\.([A-Za-z]+)(?:\\[(\\d+)])?$");

    private static final String NEEDS = "needs at least one ";

    private ProblemWording() {
    }

    /**
     * @param location where the wizard shows the problem (see {@link ErrorRouting})
     * @param path     the violation's JSON path, for the property of a list element ("type" of a field)
     * @param message  the rule's message, written for someone reading the JSON
     */
    static String sentence(Location location, String path, String message) {
        String text = ALSO_AT.matcher(message).replaceAll("");
        Matcher slug = SLUG.matcher(text);
        if (slug.matches()) {
            text = "may use only lower-case letters, digits and '-', starting with a letter or digit (got \""
                    + slug.group(1) + "\")";
        }
        String subject = subject(location, path);
        if (text.startsWith(NEEDS)) {
            return addAtLeastOne(text);
        }
        if (subject == null) {
            return capitalized(stop(text));
        }
        // "must be positive" continues the label; "unknown field …" is said about it.
        return PREDICATE.matcher(text).lookingAt() ? subject + " " + stop(text)
                : subject + ": " + capitalized(stop(text));
    }

    private static String subject(Location location, String path) {
        String label = LABELS.get(location.step().slug() + "/" + location.field());
        if (location.index() >= 0 && path != null) {
            // A row of a table: StepErrors puts the row's name before the sentence; here the column.
            Matcher last = LAST.matcher(path);
            if (last.find() && last.group(2) == null && !last.group(1).equals(location.field())) {
                return capitalized(words(last.group(1)));
            }
            if (label != null && (location.field().equals("brokers") || location.field().endsWith("Key"))) {
                return label + ", number " + (location.index() + 1) + ",";
            }
        }
        return label;
    }

    private static String words(String property) {
        return property.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /** "needs at least one broker" as what to do: "Add at least one broker." Null for any other message. */
    static String addAtLeastOne(String message) {
        return message.startsWith(NEEDS) ? "Add at least one " + stop(message.substring(NEEDS.length())) : null;
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String stop(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}
