package io.sluice.model.nats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * Which stages a source's events pass through: the policy that {@link NatsNames} turns into
 * subjects (what the join and the sink read), that the dedup-service picks its sources by, and that
 * {@link RoutingChange} compares before and after an edit. Pure.
 */
public final class Routing {

    private Routing() {
    }

    /**
     * Whether a source's events pass through the dedup stage: when the source dedups, or when a
     * pipeline without a join filters (the dedup stage applies the filter before deduplicating;
     * with a join the filter reads the joined fields, so the join stage applies it).
     */
    public static boolean throughDedup(PipelineDefinition definition, SourceDefinition source) {
        boolean filtersBeforeDedup = definition.join() == null && definition.filter() != null && !definition.filter().isBlank();
        return source.dedup() != null || filtersBeforeDedup;
    }

    /**
     * The stages a source's events pass, in order: {@code ingest}, {@code dedup} if
     * {@link #throughDedup}, {@code join} if the join reads the source, then {@code sink}; a source
     * of a join pipeline that the join does not read ends after its own stages (the sink reads only
     * the join output).
     */
    public static List<String> stages(PipelineDefinition definition, SourceDefinition source) {
        List<String> stages = new ArrayList<>(List.of("ingest"));
        if (throughDedup(definition, source)) {
            stages.add("dedup");
        }
        if (definition.join() != null) {
            if (joinSide(definition.join(), source.id()) == null) {
                return List.copyOf(stages);
            }
            stages.add("join");
        }
        stages.add("sink");
        return List.copyOf(stages);
    }

    /** Which side of the join reads the source ({@code "left"}, {@code "right"}), or null. */
    static String joinSide(JoinDefinition join, String sourceId) {
        if (join == null) {
            return null;
        }
        if (reads(join.left(), sourceId)) {
            return "left";
        }
        return reads(join.right(), sourceId) ? "right" : null;
    }

    private static boolean reads(JoinSide side, String sourceId) {
        return side != null && Objects.equals(side.sourceId(), sourceId);
    }
}
