package io.sluice.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;

final class JoinRules {

    private static final String PATH = "$.join";

    private JoinRules() {
    }

    static void check(Problems problems, PipelineDefinition definition) {
        JoinDefinition join = definition.join();
        problems.required(PATH + ".type", join.type());
        int sourceCount = definition.sources().size();
        if (sourceCount != 2) {
            problems.add(PATH, "joins exactly two sources, but the pipeline has " + sourceCount);
        }
        SourceDefinition left = side(problems, PATH + ".left", join.left(), definition);
        SourceDefinition right = side(problems, PATH + ".right", join.right(), definition);
        if (join.left() != null && join.right() != null && join.left().sourceId() != null
                && join.left().sourceId().equals(join.right().sourceId())) {
            problems.add(PATH + ".right.sourceId", "must differ from the left source \"" + join.left().sourceId() + "\"");
        }
        else if (left != null && right != null) {
            keysMatch(problems, join.left(), left, join.right(), right);
        }
        outputFields(problems, join, definition);
    }

    /** The side's source if it resolves; the side's own problems are reported. */
    private static SourceDefinition side(Problems problems, String path, JoinSide side, PipelineDefinition definition) {
        if (!problems.required(path, side)) {
            return null;
        }
        SourceDefinition source = null;
        if (problems.required(path + ".sourceId", side.sourceId())) {
            source = definition.source(side.sourceId());
            if (source == null) {
                problems.add(path + ".sourceId", "unknown source \"" + side.sourceId() + "\"");
            }
        }
        SourceRules.key(problems, path + ".key", side.key(), (source != null) ? source.schema() : null, side.sourceId());
        problems.window(path + ".window", side.window());
        return source;
    }

    private static void keysMatch(Problems problems, JoinSide leftSide, SourceDefinition left, JoinSide rightSide,
            SourceDefinition right) {
        List<String> leftKey = leftSide.key();
        List<String> rightKey = rightSide.key();
        if (leftKey.isEmpty() || rightKey.isEmpty()) {
            return;
        }
        if (leftKey.size() != rightKey.size()) {
            problems.add(PATH + ".right.key", "has " + rightKey.size() + " fields but the left key has " + leftKey.size()
                    + "; keys are compared field by field");
            return;
        }
        for (int i = 0; i < leftKey.size(); i++) {
            FieldDefinition leftField = field(left, leftKey.get(i));
            FieldDefinition rightField = field(right, rightKey.get(i));
            if (leftField != null && rightField != null && leftField.type() != null && rightField.type() != null
                    && leftField.type() != rightField.type()) {
                problems.add(PATH + ".right.key[" + i + "]", "field \"" + rightField.name() + "\" is "
                        + TypeNames.of(rightField.type()) + " but the left key field \"" + leftField.name() + "\" is "
                        + TypeNames.of(leftField.type()) + "; values of different types never match");
            }
        }
    }

    private static void outputFields(Problems problems, JoinDefinition join, PipelineDefinition definition) {
        String path = PATH + ".outputFields";
        if (!problems.notEmpty(path, join.outputFields(), "field")) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < join.outputFields().size(); i++) {
            String fieldPath = path + "[" + i + "]";
            OutputField output = join.outputFields().get(i);
            if (!problems.element(fieldPath, output)) {
                continue;
            }
            SourceDefinition source = outputSource(problems, fieldPath + ".sourceId", output.sourceId(), join, definition);
            if (problems.required(fieldPath + ".field", output.field()) && source != null && source.schema() != null
                    && source.schema().field(output.field()) == null) {
                problems.add(fieldPath + ".field", "unknown field \"" + output.field() + "\": not in the schema of source \""
                        + source.id() + "\"");
            }
            if (output.as() != null) {
                problems.fieldName(fieldPath + ".as", output.as());
            }
            names.add(output.outputName());
            paths.add(fieldPath + ((output.as() != null) ? ".as" : ".field"));
        }
        problems.unique(names, paths, "output field");
        // "customer.id" is a path in the joined row (JoinedRows nests it): no field may sit where it leads.
        for (int i = 0; i < names.size(); i++) {
            for (String other : names) {
                if (names.get(i) != null && other != null && names.get(i).startsWith(other + ".")) {
                    problems.add(paths.get(i), "output field \"" + names.get(i) + "\" would sit inside output field \""
                            + other + "\": rename one of them");
                }
            }
        }
    }

    private static SourceDefinition outputSource(Problems problems, String path, String sourceId, JoinDefinition join,
            PipelineDefinition definition) {
        if (!problems.required(path, sourceId)) {
            return null;
        }
        SourceDefinition source = definition.source(sourceId);
        if (source == null) {
            problems.add(path, "unknown source \"" + sourceId + "\"");
            return null;
        }
        if (!isSide(join.left(), sourceId) && !isSide(join.right(), sourceId)) {
            problems.add(path, "must be the join's left or right source, not \"" + sourceId + "\"");
            return null;
        }
        return source;
    }

    private static boolean isSide(JoinSide side, String sourceId) {
        return side != null && Objects.equals(side.sourceId(), sourceId);
    }

    private static FieldDefinition field(SourceDefinition source, String name) {
        return (source.schema() != null) ? source.schema().field(name) : null;
    }

}
