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

    /**
     * A field of the sampled events with the type the api-service guessed over all of them; blank
     * when it could not (only nulls).
     *
     * @param seenAs    how many events held each type ({@code "null"} for a JSON null), most first;
     *                  empty from an api-service that sampled one event
     * @param fitsAll   false when no one type fits every value and the guess is only the most frequent
     * @param missingIn how many sampled events lack the field
     */
    record SampleField(String name, String type, List<TypeCount> seenAs, boolean fitsAll, int missingIn)
            implements Serializable {

        SampleField {
            seenAs = seenAs == null ? List.of() : List.copyOf(seenAs);
        }

        SampleField(String name, String type) {
            this(name, type, List.of(), true, 0);
        }
    }

    /** @param type a field type ({@code float}, …) or {@code "null"} */
    record TypeCount(String type, int events) implements Serializable {
    }

    /** One sampled event: where it came from, its Kafka record key, its value as compact JSON (null when not JSON). */
    record SampledEvent(int partition, long offset, String key, String json) implements Serializable {
    }

    /**
     * The newest events of a topic; the top-level event fields are the newest one's.
     *
     * @param text      the newest event pretty-printed when it is JSON, else as it came
     * @param json      the newest event as compact JSON, null when it is not JSON
     * @param jsonError why no fields could be guessed, or null
     * @param events    every sampled event, newest first (the newest alone from an older api-service)
     */
    record Sample(String topic, int partition, long offset, String timestamp, String key, String text, String json,
            String jsonError, List<SampleField> fields, List<SampledEvent> events) implements Serializable {

        Sample {
            fields = fields == null ? List.of() : List.copyOf(fields);
            events = events == null ? List.of() : List.copyOf(events);
        }

        Sample(String topic, int partition, long offset, String timestamp, String key, String text, String json,
                String jsonError, List<SampleField> fields) {
            this(topic, partition, offset, timestamp, key, text, json, jsonError, fields,
                    List.of(new SampledEvent(partition, offset, key, json)));
        }
    }

    /**
     * The table step's "Create table": what the user chose, the statement for it and what came of it.
     *
     * @param ddl     the statement shown, null when the choice could not make one
     * @param message what went wrong, or that the table was created; null after a preview
     * @param created whether the table was created
     */
    record TableCreation(String table, String engine, List<String> orderBy, String ddl, String message, boolean created)
            implements Serializable {

        TableCreation {
            orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
        }

        /** Whether the statement shown is for this choice, so "Create table" runs what the user read. */
        boolean shows(String table, String engine, List<String> orderBy) {
            return ddl != null && !created && this.table.equals(table) && this.engine.equals(engine)
                    && this.orderBy.equals(orderBy);
        }
    }
}
