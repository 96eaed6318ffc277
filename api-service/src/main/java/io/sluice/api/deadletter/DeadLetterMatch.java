package io.sluice.api.deadletter;

import java.util.Locale;

/**
 * Whether a dead letter matches what a user searches for: every word of the query, ignoring case,
 * somewhere in its reason, stage, source position, Kafka key, Kafka headers or original text. Words,
 * not a phrase, so "amount float64" finds "value 'abc' does not fit column amount Float64".
 */
final class DeadLetterMatch {

    private DeadLetterMatch() {
    }

    /** A blank query matches everything. */
    static boolean matches(DeadLetterView view, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = searchable(view);
        for (String word : query.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static String searchable(DeadLetterView view) {
        StringBuilder text = new StringBuilder();
        append(text, view.reason());
        append(text, view.stage());
        append(text, view.sourcePosition());
        append(text, view.kafkaKey());
        for (DeadLetterView.KafkaHeader header : view.kafkaHeaders()) {
            append(text, header.name());
            append(text, header.value());
        }
        append(text, view.originalText());
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static void append(StringBuilder text, String part) {
        if (part != null) {
            // A separator no query word holds, so words never match across two fields.
            text.append(part).append('\n');
        }
    }
}
