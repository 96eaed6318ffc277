package io.sluice.ui.wizard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends each problem the api-service reports, by its JSON path ({@code $.sources[0].dedup.window}),
 * to the wizard page and input it concerns, so the user fixes it where they typed it.
 *
 * <p>Field names are the names of the inputs on that page; list elements ({@code brokers[1]},
 * {@code schema.fields[2].type}) go to the input of the whole list with {@link Location#index()}
 * telling which element. A path no page has an input for goes to the review page.
 */
final class ErrorRouting {

    private static final Pattern ELEMENT = Pattern.compile("^([A-Za-z]+)\\[(\\d+)](.*)$");

    private ErrorRouting() {
    }

    /**
     * @param field the input's name on the page, {@code general} when the problem is about the page as a whole
     * @param index the list element at fault, or -1
     */
    record Location(Step step, String field, int index) {

        static Location of(Step step, String field) {
            return new Location(step, field, -1);
        }
    }

    static Location route(String path) {
        if (path == null || !path.startsWith("$")) {
            return Location.of(Step.REVIEW, "general");
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return Location.of(Step.REVIEW, "general");
        }
        if (rest.equals(".id")) {
            return Location.of(Step.KAFKA, "pipelineId");
        }
        if (rest.equals(".name")) {
            return Location.of(Step.KAFKA, "pipelineName");
        }
        if (rest.startsWith(".sources")) {
            return source(rest.substring(".sources".length()));
        }
        if (rest.startsWith(".join")) {
            return join(rest.substring(".join".length()));
        }
        if (rest.startsWith(".filter")) {
            return Location.of(Step.FILTER, "expression");
        }
        if (rest.startsWith(".sink")) {
            return sink(rest.substring(".sink".length()));
        }
        return Location.of(Step.REVIEW, "general");
    }

    // "[0].connection.brokers[1]" and the like; "" is the list itself ("needs at least one source").
    private static Location source(String rest) {
        Matcher element = Pattern.compile("^\\[(\\d+)](.*)$").matcher(rest);
        if (!element.matches()) {
            return Location.of(Step.TOPIC, "general");
        }
        boolean second = !element.group(1).equals("0");
        String inner = element.group(2);
        if (inner.startsWith(".connection")) {
            String field = field(inner.substring(".connection".length()));
            if (second) {
                return new Location(Step.JOIN, field.isEmpty() ? "brokers" : field, index(inner));
            }
            return new Location(Step.KAFKA, field.isEmpty() ? "brokers" : field, index(inner));
        }
        Step step = second ? Step.JOIN : Step.TOPIC;
        if (inner.equals(".id")) {
            return Location.of(step, "sourceId");
        }
        if (inner.startsWith(".topic")) {
            return Location.of(step, "topic");
        }
        if (inner.startsWith(".initialOffset")) {
            return Location.of(step, "initialOffset");
        }
        if (inner.startsWith(".schema")) {
            return new Location(step, "fields", index(inner.substring(".schema".length())));
        }
        if (inner.startsWith(".dedup")) {
            String field = field(inner.substring(".dedup".length()));
            // Only the first source's dedup has inputs; the second's arrives by import only.
            Step dedupStep = second ? Step.REVIEW : Step.DEDUP;
            return switch (field) {
                case "window" -> Location.of(dedupStep, second ? "general" : "window");
                case "key" -> new Location(dedupStep, second ? "general" : "key", index(inner.substring(".dedup".length())));
                default -> Location.of(dedupStep, "general");
            };
        }
        return Location.of(step, "general");
    }

    private static Location join(String rest) {
        if (rest.startsWith(".left") || rest.startsWith(".right")) {
            String side = rest.startsWith(".left") ? "left" : "right";
            String inner = rest.substring(side.length() + 1);
            String field = field(inner);
            return switch (field) {
                case "key" -> new Location(Step.JOIN, side + "Key", index(inner));
                case "window" -> Location.of(Step.JOIN, side + "Window");
                default -> Location.of(Step.JOIN, side + "Key");
            };
        }
        if (rest.startsWith(".outputFields")) {
            return new Location(Step.JOIN, "outputFields", index(rest));
        }
        return Location.of(Step.JOIN, "general");
    }

    private static Location sink(String rest) {
        String field = field(rest);
        return switch (field) {
            case "", "url" -> Location.of(Step.CLICKHOUSE, field.isEmpty() ? "general" : field);
            case "database", "username", "password" -> Location.of(Step.CLICKHOUSE, field);
            case "table", "maxBatchSize", "maxDelay" -> Location.of(Step.TABLE, field);
            case "mapping" -> new Location(Step.TABLE, "mapping", index(rest));
            default -> Location.of(Step.TABLE, "general");
        };
    }

    /** The first property name of ".brokers[1]" → "brokers"; "" when there is none. */
    private static String field(String rest) {
        if (!rest.startsWith(".")) {
            return "";
        }
        Matcher matcher = Pattern.compile("^\\.([A-Za-z]+)").matcher(rest);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** The index of the first list element in ".brokers[1]" or ".fields[2].type"; -1 when there is none. */
    private static int index(String rest) {
        String property = field(rest);
        if (property.isEmpty()) {
            return -1;
        }
        Matcher element = ELEMENT.matcher(rest.substring(1));
        if (element.matches()) {
            return Integer.parseInt(element.group(2));
        }
        // A nested list: ".fields[2]" inside ".schema.fields[2].type"
        return index(rest.substring(1 + property.length()));
    }
}
