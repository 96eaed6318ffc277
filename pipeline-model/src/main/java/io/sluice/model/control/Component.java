package io.sluice.model.control;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The worker services that take part in a pipeline, in the order data flows through them. */
public enum Component {
    INGEST,
    DEDUP,
    JOIN,
    SINK;

    /** The name in JSON and in status keys: {@code ingest}, {@code dedup}, {@code join}, {@code sink}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The component named {@code name} as in {@link #json()}.
     * @throws IllegalArgumentException for any other name
     */
    public static Component fromJson(String name) {
        for (Component component : values()) {
            if (component.json().equals(name)) {
                return component;
            }
        }
        throw new IllegalArgumentException("a component is ingest, dedup, join or sink, not \"" + name + "\"");
    }

}
