package io.sluice.model.join;

import java.util.List;

import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.OutputField;
import io.sluice.model.key.EventFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the row a left event gives: a flat JSON object of the join's output fields, in their
 * order, under their output names, each taken from its side's event by dot path (as filters and
 * keys read paths, {@link EventFields}). A field the event lacks, and every right-side field of an
 * unmatched left event, is {@code null}: the sink then writes NULL into a {@code Nullable} column
 * (the start check refuses a {@code left} join into a column that is not). Pure, thread-safe; the
 * join-service makes its rows with it and the wizard its preview, so the two cannot differ.
 */
public final class JoinedRows {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final List<Output> outputs;

    private record Output(boolean fromLeft, String path, String[] segments, String name) {
    }

    public JoinedRows(JoinDefinition join) {
        this(join.left().sourceId(), join.outputFields());
    }

    /**
     * The rows of output fields not yet in a whole definition (the wizard's preview).
     *
     * @param leftSourceId the left side's source: every output field of another source is the right side's
     */
    public JoinedRows(String leftSourceId, List<OutputField> outputFields) {
        String left = leftSourceId;
        this.outputs = outputFields.stream()
                .map((OutputField field) -> new Output(field.sourceId().equals(left), field.field(),
                        EventFields.segments(field.field()), field.outputName()))
                .toList();
    }

    /**
     * @param left  the left event's JSON
     * @param right its partner's JSON, or null when it had none
     * @throws io.sluice.model.key.InvalidEventException if an event is not one JSON object
     */
    public byte[] row(byte[] left, byte[] right) {
        EventFields leftFields = EventFields.parse(left);
        EventFields rightFields = right == null ? null : EventFields.parse(right);
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Output output : outputs) {
            EventFields from = output.fromLeft() ? leftFields : rightFields;
            JsonNode value = from == null ? null : from.node(output.path(), output.segments());
            row.set(output.name(), value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return MAPPER.writeValueAsBytes(row);
    }
}
