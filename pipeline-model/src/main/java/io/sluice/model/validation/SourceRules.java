package io.sluice.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.Schema;
import io.sluice.model.definition.SourceDefinition;

final class SourceRules {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private SourceRules() {
    }

    static void check(Problems problems, String path, SourceDefinition source) {
        problems.slug(path + ".id", source.id());
        KafkaRules.check(problems, path + ".connection", source.connection());
        if (problems.required(path + ".topic", source.topic()) && !TOPIC.matcher(source.topic()).matches()) {
            problems.add(path + ".topic", "must be a Kafka topic name of at most 249 letters, digits, '.', '_' and '-', not \""
                    + source.topic() + "\"");
        }
        if (problems.required(path + ".schema", source.schema())) {
            schema(problems, path + ".schema", source.schema());
        }
        if (source.dedup() != null) {
            dedup(problems, path + ".dedup", source);
        }
    }

    /** Checks key fields against the schema: present, scalar, named once. */
    static void key(Problems problems, String path, List<String> key, Schema schema, String sourceId) {
        if (!problems.notEmpty(path, key, "field")) {
            return;
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            String keyPath = path + "[" + i + "]";
            paths.add(keyPath);
            String name = key.get(i);
            if (!problems.required(keyPath, name) || schema == null) {
                continue;
            }
            FieldDefinition field = schema.field(name);
            if (field == null) {
                problems.add(keyPath, "unknown field \"" + name + "\": not in the schema of source \"" + sourceId + "\"");
            }
            else if (field.type() != null && !field.type().isScalar()) {
                problems.add(keyPath, "field \"" + name + "\" is " + TypeNames.of(field.type())
                        + "; a key field must be a string, int, float, bool or timestamp");
            }
        }
        problems.unique(key, paths, "key field");
    }

    private static void schema(Problems problems, String path, Schema schema) {
        if (!problems.notEmpty(path + ".fields", schema.fields(), "field")) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            String fieldPath = path + ".fields[" + i + "]";
            FieldDefinition field = schema.fields().get(i);
            if (problems.element(fieldPath, field)) {
                problems.fieldName(fieldPath + ".name", field.name());
                problems.required(fieldPath + ".type", field.type());
                names.add(field.name());
                paths.add(fieldPath + ".name");
            }
        }
        problems.unique(names, paths, "field");
    }

    private static void dedup(Problems problems, String path, SourceDefinition source) {
        DedupDefinition dedup = source.dedup();
        key(problems, path + ".key", dedup.key(), source.schema(), source.id());
        problems.window(path + ".window", dedup.window());
    }

}
