package io.sluice.ui.wizard;

import java.io.Serializable;
import java.util.List;

/** What the wizard learned from the servers through the api-service, kept with the draft between pages. */
final class Lookups {

    private Lookups() {
    }

    /** The answer of a "Test connection". */
    record ConnectionCheck(boolean ok, String message) implements Serializable {
    }

    /** A list from a server (topics, tables), or why there is none. */
    record Listing(List<String> items, String error) implements Serializable {

        Listing {
            items = items == null ? List.of() : List.copyOf(items);
        }

        static Listing failed(String error) {
            return new Listing(List.of(), error);
        }
    }

    /** A field of the sample event with the type the api-service guessed; blank when it could not (a null). */
    record SampleField(String name, String type) implements Serializable {
    }

    /**
     * The newest event of a topic.
     *
     * @param text      the event pretty-printed when it is JSON, else as it came
     * @param json      the event as compact JSON, null when it is not JSON
     * @param jsonError why no fields could be guessed, or null
     */
    record Sample(String topic, int partition, long offset, String timestamp, String key, String text, String json,
            String jsonError, List<SampleField> fields) implements Serializable {

        Sample {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }
}
