package io.sluice.ui.wizard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.sluice.model.definition.OutputField;
import io.sluice.model.join.JoinedRows;
import io.sluice.model.key.EventFields;
import io.sluice.model.key.InvalidEventException;
import io.sluice.model.key.KeyExtractor;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the join page shows of the two sampled events: the row they would make and whether their
 * keys meet. Both come from the rules the join-service runs ({@link JoinedRows} for the row,
 * {@link KeyExtractor} for the keys' bytes), so the preview cannot promise what the join does not do.
 * The two samples are each topic's newest event, rarely partners: the row shows the shape, and
 * {@link #keysMeet} says whether these two would actually be joined. Pure.
 *
 * @param row       the joined row, pretty-printed
 * @param leftKey   the first sample's key values, as the user reads them ("o-1"), or null when it has none
 * @param rightKey  likewise of the second sample
 * @param keysMeet  whether the join would pair these two events
 * @param keyProblem why a sample has no key (e.g. "missing join key field order_id"), or null
 */
record JoinPreview(String row, String leftKey, String rightKey, boolean keysMeet, String keyProblem) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    /**
     * @return null until both samples are JSON events and the second source has an id of its own
     */
    static JoinPreview of(String leftSourceId, Sample left, Sample right, JoinForm form) {
        if (left == null || right == null || left.json() == null || right.json() == null || form.sourceId().isBlank()
                || form.sourceId().equals(leftSourceId)) {
            return null;
        }
        JsonNode joined = row(leftSourceId, left, right, form);
        if (joined == null) {
            return null;
        }
        Key leftKey = key(json(left), form.leftKey(), "the first source's");
        Key rightKey = key(json(right), form.rightKey(), "the second source's");
        String problem = leftKey.problem() != null ? leftKey.problem() : rightKey.problem();
        boolean meet = problem == null && Arrays.equals(leftKey.bytes(), rightKey.bytes());
        return new JoinPreview(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(joined), leftKey.shown(),
                rightKey.shown(), meet, problem);
    }

    /**
     * The row the join makes of the two samples (the filter page tries the filter on it); a
     * missing sample's fields are null. Null when neither sample is a JSON event.
     */
    static JsonNode row(String leftSourceId, Sample left, Sample right, JoinForm form) {
        byte[] leftJson = json(left);
        byte[] rightJson = json(right);
        if (leftJson == null && rightJson == null) {
            return null;
        }
        // Right fields are told apart by source id; one the form lacks yet only needs to differ.
        String rightSourceId = form.sourceId().isBlank() || form.sourceId().equals(leftSourceId) ? leftSourceId + "/right"
                : form.sourceId();
        List<OutputField> outputs = form.outputFields().stream().filter(OutputRow::include)
                .map(output -> new OutputField("right".equals(output.source()) ? rightSourceId : leftSourceId,
                        output.field(), output.as().isBlank() ? null : output.as()))
                .toList();
        try {
            return JSON.readTree(new JoinedRows(leftSourceId, outputs).row(leftJson == null ? EMPTY : leftJson, rightJson));
        } catch (InvalidEventException e) {
            return null; // a sample that is not one JSON object: the topic pages say so already
        }
    }

    private static byte[] json(Sample sample) {
        return sample == null || sample.json() == null ? null : sample.json().getBytes(StandardCharsets.UTF_8);
    }

    private record Key(byte[] bytes, String shown, String problem) {
    }

    private static Key key(byte[] json, String fields, String whose) {
        List<String> names = WizardForms.splitList(fields);
        if (names.isEmpty()) {
            return new Key(null, null, "no key fields chosen for " + whose + " side yet");
        }
        EventFields event = EventFields.parse(json);
        try {
            // Schemas are left out: with none, both sides encode numbers alike, which is how they
            // meet when their key fields have the same types (the API checks that on save).
            byte[] bytes = new KeyExtractor(names, null, "join key").canonicalKey(event);
            String shown = String.join(", ", names.stream().map(name -> String.valueOf(event.valueOf(name))).toList());
            return new Key(bytes, shown, null);
        } catch (InvalidEventException e) {
            return new Key(null, null, whose + " sample: " + e.getMessage());
        }
    }
}
