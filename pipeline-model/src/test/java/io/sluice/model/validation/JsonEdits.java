package io.sluice.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits an example definition at paths like {@code sources[0].dedup.window}, so each test case
 * shows only what it breaks.
 */
final class JsonEdits {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final ObjectNode root;

    private JsonEdits(ObjectNode root) {
        this.root = root;
    }

    static JsonEdits of(String json) {
        return new JsonEdits((ObjectNode) MAPPER.readTree(json));
    }

    /** Sets the value at the path to this JSON, replacing what was there. */
    JsonEdits set(String path, String json) {
        List<Object> steps = steps(path);
        JsonNode parent = parent(steps);
        Object last = steps.get(steps.size() - 1);
        JsonNode value = MAPPER.readTree(json);
        if (last instanceof Integer index) {
            ArrayNode array = (ArrayNode) parent;
            if (index == array.size()) {
                array.add(value);
            }
            else {
                array.set(index, value);
            }
        }
        else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return this;
    }

    JsonEdits remove(String path) {
        List<Object> steps = steps(path);
        JsonNode parent = parent(steps);
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).remove(index);
        }
        else {
            ((ObjectNode) parent).remove((String) last);
        }
        return this;
    }

    /** The JSON of the node at the path, to copy a part of the definition elsewhere. */
    String get(String path) {
        List<Object> steps = steps(path);
        JsonNode node = this.root;
        for (Object step : steps) {
            node = (step instanceof Integer index) ? node.get(index) : node.get((String) step);
        }
        return node.toString();
    }

    String json() {
        return this.root.toString();
    }

    private JsonNode parent(List<Object> steps) {
        JsonNode node = this.root;
        for (Object step : steps.subList(0, steps.size() - 1)) {
            node = (step instanceof Integer index) ? node.get(index) : node.get((String) step);
            if (node == null) {
                throw new IllegalArgumentException("no " + step + " in the example");
            }
        }
        return node;
    }

    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(path);
        while (matcher.find()) {
            steps.add((matcher.group(1) != null) ? matcher.group(1) : Integer.valueOf(matcher.group(2)));
        }
        return steps;
    }

}
