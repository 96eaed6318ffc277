package io.sluice.model.definition;

import java.util.List;

/**
 * First-wins deduplication: of the events with the same key inside the window, only the first
 * passes.
 *
 * @param key names of the schema fields that together identify an event
 */
public record DedupDefinition(List<String> key, Window window) {

    public DedupDefinition {
        key = ListCopies.keepingNulls(key);
    }

}
