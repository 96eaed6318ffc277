package io.sluice.model.nats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * One way an edit changes where a source's events travel, or what the dedup stage claims them
 * under, which is unsafe once the pipeline has run. Pure.
 *
 * <p>Why: each stage keeps its position per input subject (a dedup lane per ingest subject, a sink
 * lane per source and stage, see {@link NatsNames}), and the data stream outlives pauses, stops
 * and deletion. A stage put on a new route has no position there and starts from the oldest input
 * the stream still holds — events already delivered among them (each partition's last ingest batch
 * is never purged), so they are delivered again (measured: adding dedup to a paused pipeline put
 * every event twice into ClickHouse). Output on the old route that the next stage had not taken
 * yet is read by nobody any more: lost.
 *
 * <p>A dedup key change keeps the route but not the key space: Redis claims are keyed by the key
 * fields' values without their names, and batches already ingested carry keys made from the old
 * fields, so an event whose new key equals an earlier event's old key would be dropped as its
 * duplicate, and duplicates under the new key would pass.
 *
 * <p>Not a routing change: windows, the filter's expression (while there is one), schema, mapping,
 * table and batching; a new source (its own subjects and Kafka group); a removed source (its
 * events not yet delivered go with it, as asked). A topic change keeps the source's subjects and
 * positions, which follow the source id: where ingest resumes the new topic is ingest's concern.
 *
 * @param path the JSON path, in the edited definition, of what changed
 * @param message what changed and what it would do, for the user
 */
public record RoutingChange(String path, String message) {

    private static final String RESTART = "that stage has no position there and would take the input again from"
            + " the oldest the stream still holds, events already delivered among it";

    /** Every routing change from {@code before} to {@code after}, in source order; empty if none. */
    public static List<RoutingChange> between(PipelineDefinition before, PipelineDefinition after) {
        List<RoutingChange> changes = new ArrayList<>();
        List<String> joinMoved = new ArrayList<>();
        List<String> filterMoved = new ArrayList<>();
        for (int i = 0; i < after.sources().size(); i++) {
            SourceDefinition source = after.sources().get(i);
            SourceDefinition old = (source != null) ? before.source(source.id()) : null;
            if (old == null) {
                continue;
            }
            String at = "$.sources[" + i + "]";
            String name = quoted(source.id());
            if (old.dedup() != null && source.dedup() != null && !Objects.equals(old.dedup().key(), source.dedup().key())) {
                changes.add(new RoutingChange(at + ".dedup.key", "changing the dedup key of source " + name
                        + " from " + old.dedup().key() + " to " + source.dedup().key()
                        + ": keys claimed in the last window and keys of events already ingested were made from"
                        + " the old fields, so an event whose new key equals an earlier event's old key would be"
                        + " dropped, and duplicates under the new key would pass"));
            }
            if (Routing.stages(before, old).equals(Routing.stages(after, source))) {
                // E.g. dedup added to a source a filter already sends through the dedup stage: its lanes
                // go on from their positions, claiming keys from now on.
                continue;
            }
            if ((old.dedup() == null) != (source.dedup() == null)) {
                changes.add((source.dedup() != null)
                        ? new RoutingChange(at + ".dedup", "adding dedup to source " + name
                                + " sends its events through the dedup stage: " + RESTART)
                        : new RoutingChange(at + ".dedup", "removing dedup from source " + name
                                + " makes the next stage read its ingest output directly: " + RESTART
                                + "; dedup output not yet delivered would be lost"));
                continue;
            }
            if (!Objects.equals(Routing.joinSide(before.join(), old.id()), Routing.joinSide(after.join(), source.id()))) {
                joinMoved.add(name);
            }
            else {
                filterMoved.add(name);
            }
        }
        if (!joinMoved.isEmpty()) {
            String verb = (before.join() == null) ? "adding a join" : (after.join() == null) ? "removing the join"
                    : "changing which sources the join reads";
            changes.add(new RoutingChange("$.join", verb + " changes where the events of " + names(joinMoved)
                    + " go (the join stage, or the sink directly): " + RESTART + "; output not yet delivered on the"
                    + " old route would be lost"));
        }
        if (!filterMoved.isEmpty()) {
            boolean added = !hasFilter(before);
            changes.add(new RoutingChange("$.filter", (added ? "adding a filter sends the events of "
                    + names(filterMoved) + " (no dedup) through the dedup stage, which applies filters: " + RESTART
                    : "removing the filter makes the sink read the ingest output of " + names(filterMoved)
                            + " (no dedup) directly: " + RESTART + "; dedup output not yet delivered would be lost")));
        }
        return List.copyOf(changes);
    }

    private static boolean hasFilter(PipelineDefinition definition) {
        return definition.filter() != null && !definition.filter().isBlank();
    }

    private static String names(List<String> quoted) {
        return (quoted.size() == 1 ? "source " : "sources ") + quoted.stream().collect(Collectors.joining(", "));
    }

    private static String quoted(String id) {
        return "\"" + id + "\"";
    }

}
