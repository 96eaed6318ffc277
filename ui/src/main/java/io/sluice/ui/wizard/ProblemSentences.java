package io.sluice.ui.wizard;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One api-service violation ({@code $.connection.brokers}: "needs at least one broker") as a
 * sentence for a page that shows it away from its input, such as a connection test's result:
 * "Add at least one broker." The user never sees the JSON names of the fields. Beside its input a
 * problem reads as {@link ProblemWording} words it, by the input's label.
 */
final class ProblemSentences {

    // The last property of the path and the index of its element, if any: "brokers", "1" of "$.connection.brokers[1]".
    private static final Pattern LAST = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?$");

    private static final Map<String, String> NOUNS = Map.ofEntries(
            Map.entry("brokers", "broker"),
            Map.entry("saslMechanism", "SASL mechanism"),
            Map.entry("securityProtocol", "security protocol"),
            Map.entry("username", "user name"),
            Map.entry("caCertificatePem", "CA certificate"),
            Map.entry("url", "URL"),
            Map.entry("sourceId", "source id"),
            Map.entry("maxBatchSize", "batch size"),
            Map.entry("maxDelay", "maximum delay"));

    private ProblemSentences() {
    }

    static String of(String path, String message) {
        String add = ProblemWording.addAtLeastOne(message);
        if (add != null) {
            return add;
        }
        Matcher last = LAST.matcher(path == null ? "" : path);
        if (!last.find()) {
            return ProblemWording.capitalized(ProblemWording.stop(message));
        }
        String noun = noun(last.group(1));
        String subject = last.group(2) == null ? noun : noun + " " + (Integer.parseInt(last.group(2)) + 1);
        if (message.equals("is required")) {
            return "Enter " + (last.group(2) == null ? article(noun) + " " : "") + subject + ".";
        }
        return ProblemWording.capitalized(subject) + " " + ProblemWording.stop(message);
    }

    private static String noun(String property) {
        String noun = NOUNS.get(property);
        if (noun != null) {
            return noun;
        }
        // topic, database, table; any other camelCase name as words: "initialOffset" → "initial offset"
        return property.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String article(String noun) {
        return "aeio".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }
}
