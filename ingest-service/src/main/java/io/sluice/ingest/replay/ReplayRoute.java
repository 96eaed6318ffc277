package io.sluice.ingest.replay;

import java.util.List;

import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.envelope.SourcePosition;

/**
 * Where a replayed dead letter goes back in: the one source of the pipeline that reads the topic
 * of its source position, or why there is none. Pure: decided from the definition the ingest runs
 * now (so an edited schema applies) and the {@code Sluice-Source-Position} header the replay carries.
 */
sealed interface ReplayRoute {

    /** Parse the event again as this source's record at this position. */
    record ToSource(SourceDefinition source, SourcePosition position) implements ReplayRoute {
    }

    /**
     * A joined row the sink refused: straight back to the sink's input. It is the join's output,
     * not a source's event; parsed as one it would be joined again, or taken for the duplicate of
     * the left event at its position.
     */
    record ToJoinOutput(SourcePosition position) implements ReplayRoute {
    }

    /** Back to the dead letters with this reason; {@code position} is null when unknown. */
    record Unroutable(String reason, SourcePosition position) implements ReplayRoute {
    }

    /**
     * @param stageHeader the stage that dead-lettered it ({@code Sluice-Stage}), or null from an
     *                    api-service that does not pass it on
     */
    static ReplayRoute of(PipelineDefinition definition, String positionHeader, String stageHeader) {
        if (positionHeader == null || positionHeader.isBlank()) {
            // Dead letters of a corrupt batch or of a join output stand for no single Kafka record.
            return new Unroutable("cannot replay: the dead letter has no source position, so it is not one event read"
                    + " from Kafka", null);
        }
        SourcePosition position;
        try {
            position = SourcePosition.parse(positionHeader.trim());
        } catch (IllegalArgumentException e) {
            return new Unroutable("cannot replay: unreadable source position \"" + positionHeader + "\": " + e.getMessage(),
                    null);
        }
        if (definition.join() != null && DeadLetter.SINK.equals(stageHeader)) {
            return new ToJoinOutput(position);
        }
        List<SourceDefinition> readers = definition.sources().stream()
                .filter(source -> source.topic().equals(position.topic())).toList();
        if (readers.isEmpty()) {
            return new Unroutable("cannot replay: no source of pipeline " + definition.id() + " reads topic "
                    + position.topic() + " now", position);
        }
        if (readers.size() > 1) {
            // A dead letter does not say which source rejected it; guessing could add it twice.
            return new Unroutable("cannot replay: sources " + readers.stream().map(SourceDefinition::id).toList()
                    + " all read topic " + position.topic() + " and a dead letter does not say which one it came from",
                    position);
        }
        return new ToSource(readers.get(0), position);
    }
}
