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

    /** A list from a server (topics), or why there is none. */
    record Listing(List<String> items, String error) implements Serializable {

        Listing {
            items = items == null ? List.of() : List.copyOf(items);
        }

        static Listing failed(String error) {
            return new Listing(List.of(), error);
        }
    }

    /** A table of the sink's database and its engine ({@code ReplicatedMergeTree}, {@code MergeTree}, …). */
    record Table(String name, String engine) implements Serializable {
    }

    /** The tables of the sink's database, or why there are none. */
    record Tables(List<Table> tables, String error) implements Serializable {

        Tables {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        static Tables failed(String error) {
            return new Tables(List.of(), error);
        }

        /** The tables' names, to choose from (public: the page calls it). */
        public List<String> items() {
            return tables.stream().map(Table::name).toList();
        }

        /** The engine of the named table; blank when it is not listed. */
        String engine(String table) {
            return tables.stream().filter((t) -> t.name().equals(table)).map(Table::engine).findFirst().orElse("");
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
