package io.sluice.api.pipeline;

import java.util.Optional;

import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.PipelineDefinition;

/**
 * Whether this version of Sluice can run a definition. A valid definition may still describe
 * something no worker does yet: the join stage is not built, and a started join pipeline would
 * read its sources and never deliver a row (the sink waits for joined output nobody writes)
 * until its stream filled up. Refusing the start says so at once instead.
 */
final class Runnability {

    private Runnability() {
    }

    /** Why the definition cannot run here, for the user; empty if it can. */
    static Optional<String> whyNotRunnable(PipelineDefinition definition) {
        JoinDefinition join = definition.join();
        if (join == null) {
            return Optional.empty();
        }
        return Optional.of("pipeline \"" + definition.id() + "\" joins source \"" + join.left().sourceId()
                + "\" with \"" + join.right().sourceId() + "\", but this version of Sluice has no join stage yet, so it "
                + "would never deliver a row; remove \"join\" from the definition to write both sources, deduplicated, "
                + "without joining them");
    }
}
