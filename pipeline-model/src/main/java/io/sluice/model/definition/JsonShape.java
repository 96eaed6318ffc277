package io.sluice.model.definition;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a JSON tree against the shape of the definition records before binding, so that every
 * wrong type, unknown property and unknown enum value is reported with its path at once (data
 * binding stops at the first). Nulls pass: whether a value is required is the validator's call.
 */
final class JsonShape {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final JsonMapper mapper;

    private final List<Violation> violations = new ArrayList<>();

    private JsonShape(JsonMapper mapper) {
        this.mapper = mapper;
    }

    static List<Violation> check(JsonNode root, Class<? extends Record> type, JsonMapper mapper) {
        JsonShape shape = new JsonShape(mapper);
        shape.check(root, type, "$");
        return shape.violations;
    }

    static String property(String path, String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return path + "." + name;
        }
        return path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private void check(JsonNode node, Type type, String path) {
        if (node.isNull()) {
            return;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class || raw == Window.class) {
            expect(node.isString(), node, path, "a string");
        }
        else if (raw == Integer.class || raw == int.class) {
            if (expect(node.isIntegralNumber(), node, path, "an integer") && !node.canConvertToInt()) {
                this.violations.add(new Violation(path, "is out of range: " + abbreviate(node.toString())));
            }
        }
        else if (raw == Boolean.class || raw == boolean.class) {
            expect(node.isBoolean(), node, path, "true or false");
        }
        else if (raw.isEnum()) {
            checkEnum(node, raw, path);
        }
        else if (raw == List.class) {
            checkList(node, ((ParameterizedType) type).getActualTypeArguments()[0], path);
        }
        else if (raw.isRecord()) {
            checkRecord(node, raw, path);
        }
        else {
            throw new IllegalStateException("no JSON shape for " + type);
        }
    }

    private void checkEnum(JsonNode node, Class<?> type, String path) {
        if (!expect(node.isString(), node, path, "a string")) {
            return;
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(this::jsonName).toList();
        if (!names.contains(node.stringValue()) && !aliases(type).contains(node.stringValue())) {
            this.violations.add(new Violation(path, "unknown value \"" + node.stringValue() + "\"; expected one of: "
                    + String.join(", ", names)));
        }
    }

    private void checkList(JsonNode node, Type elementType, String path) {
        if (!expect(node.isArray(), node, path, "an array")) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            check(node.get(i), elementType, path + "[" + i + "]");
        }
    }

    private void checkRecord(JsonNode node, Class<?> type, String path) {
        if (!expect(node.isObject(), node, path, "an object")) {
            return;
        }
        Map<String, Type> components = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            components.put(component.getName(), component.getGenericType());
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String propertyPath = property(path, property.getKey());
            Type componentType = components.get(property.getKey());
            if (componentType == null) {
                this.violations.add(new Violation(propertyPath, "unknown property \"" + property.getKey()
                        + "\"; expected one of: " + String.join(", ", components.keySet())));
            }
            else {
                check(property.getValue(), componentType, propertyPath);
            }
        }
    }

    private boolean expect(boolean matches, JsonNode node, String path, String expected) {
        if (!matches) {
            this.violations.add(new Violation(path, "must be " + expected + ", not " + describe(node)));
        }
        return matches;
    }

    // Earlier names a value is still read from (@JsonAlias), accepted but not offered in the message.
    private static List<String> aliases(Class<?> type) {
        return Arrays.stream(type.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                .map(field -> field.getAnnotation(com.fasterxml.jackson.annotation.JsonAlias.class))
                .filter(java.util.Objects::nonNull).flatMap(alias -> Arrays.stream(alias.value())).toList();
    }

    private String jsonName(Object enumConstant) {
        return this.mapper.valueToTree(enumConstant).stringValue();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + abbreviate(node.toString());
            default -> abbreviate(node.toString());
        };
    }

    private static String abbreviate(String text) {
        return (text.length() <= 40) ? text : text.substring(0, 37) + "...";
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        throw new IllegalStateException("no JSON shape for " + type);
    }

}
