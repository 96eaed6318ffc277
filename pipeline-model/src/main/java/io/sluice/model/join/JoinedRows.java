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
 * Makes the row a left event gives: a JSON object of the join's output fields, in their order,
 * under their output names (a dotted name nests, as every stage reads one), each taken from its side's event by dot path (as filters and
 * keys read paths, {@link EventFields}). A field the event lacks, and every right-side field of an
 * unmatched left event, is {@code null}: the sink then writes NULL into a {@code Nullable} column
 * (the start check refuses a {@code left} join into a column that is not). Pure, thread-safe; the
 * join-service makes its rows with it and the wizard its preview, so the two cannot differ.
 */
public final class JoinedRows {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final List<Output> outputs;

    private record Output(boolean fromLeft, String path, String[] segments, String name, String[] nameSegments) {
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
                        EventFields.segments(field.field()), field.outputName(), EventFields.segments(field.outputName())))
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
            put(row, output, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return MAPPER.writeValueAsBytes(row);
    }

    // A dotted name is a path: the sink's mapping, filters and keys all read "customer.id" as
    // {"customer": {"id": …}}, so the row must hold it so. A name that cannot nest (a plain field of
    // that name is there already, which validation refuses) stays a literal key, which filters read.
    private static void put(ObjectNode row, Output output, JsonNode value) {
        String[] segments = output.nameSegments();
        ObjectNode parent = row;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = parent.get(segments[i]);
            if (child == null) {
                child = parent.putObject(segments[i]);
            }
            if (!child.isObject()) {
                row.set(output.name(), value);
                return;
            }
            parent = (ObjectNode) child;
        }
        parent.set(segments[segments.length - 1], value);
    }
}
