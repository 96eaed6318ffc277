package io.sluice.api.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes broken variants of a valid definition: dropped, duplicated and unknown properties, wrong
 * types, random strings, numbers and nulls, huge arrays, broken JSON text and deep nesting. Seeded,
 * so that a failing case can be reproduced.
 */
final class DefinitionFuzzer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    private final String base;

    DefinitionFuzzer(long seed, String base) {
        this.random = new Random(seed);
        this.base = base;
    }

    String next() {
        return switch (this.random.nextInt(10)) {
            case 0 -> brokenText(this.base);
            case 1 -> deeplyNested();
            case 2 -> duplicatedProperty();
            case 3 -> notAnObject();
            default -> {
                ObjectNode tree = (ObjectNode) Definitions.parse(this.base);
                int mutations = 1 + this.random.nextInt(3);
                for (int i = 0; i < mutations; i++) {
                    mutate(tree);
                }
                yield this.random.nextInt(8) == 0 ? brokenText(tree.toString()) : tree.toString();
            }
        };
    }

    private void mutate(ObjectNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot slot = slots.get(this.random.nextInt(slots.size()));
        switch (this.random.nextInt(4)) {
            case 0 -> slot.remove();
            case 1 -> slot.set(randomValue(0));
            case 2 -> {
                if (slot.value() instanceof ObjectNode object) {
                    object.set(randomString(), randomValue(0));
                }
                else {
                    slot.set(randomValue(0));
                }
            }
            default -> slot.set(switch (this.random.nextInt(3)) {
                case 0 -> NODES.nullNode();
                case 1 -> hugeArray();
                default -> NODES.stringNode(randomString());
            });
        }
    }

    private JsonNode randomValue(int depth) {
        return switch (this.random.nextInt(depth > 2 ? 7 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(this.random.nextBoolean());
            case 2 -> NODES.numberNode(this.random.nextLong());
            case 3 -> NODES.numberNode(this.random.nextDouble() * Math.pow(10, this.random.nextInt(40) - 20));
            case 4 -> NODES.numberNode(new java.math.BigInteger(200, this.random));
            case 5 -> NODES.stringNode(randomString());
            case 6 -> NODES.numberNode(-this.random.nextInt(1000));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = this.random.nextInt(5); i > 0; i--) {
                    array.add(randomValue(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = this.random.nextInt(4); i > 0; i--) {
                    object.set(randomString(), randomValue(depth + 1));
                }
                yield object;
            }
        };
    }

    private ArrayNode hugeArray() {
        ArrayNode array = NODES.arrayNode();
        int size = 1_000 + this.random.nextInt(60_000);
        // Scalars only: one node stands for every element, and a later mutation must not grow them all.
        JsonNode element = switch (this.random.nextInt(3)) {
            case 0 -> NODES.stringNode("localhost:9092");
            case 1 -> NODES.numberNode(this.random.nextInt());
            default -> NODES.nullNode();
        };
        for (int i = 0; i < size; i++) {
            array.add(element);
        }
        return array;
    }

    private String randomString() {
        int length = switch (this.random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 10_000 + this.random.nextInt(50_000);
            default -> 1 + this.random.nextInt(40);
        };
        String alphabet = "abcXYZ019 _-.:/\\\"'{}[]()&|!=<>$*%\u00e9\u4e2d\u0000\n\t\ud83d\ude00";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
        }
        // A lone surrogate (half of the emoji) is not valid UTF-16; keep the JSON encodable.
        return text.toString().replaceAll("[\\ud800-\\udfff]", "?");
    }

    private String brokenText(String json) {
        StringBuilder text = new StringBuilder(json);
        switch (this.random.nextInt(4)) {
            case 0 -> text.setLength(this.random.nextInt(text.length()));
            case 1 -> text.insert(this.random.nextInt(text.length()), "{[,:\"}]x\\".charAt(this.random.nextInt(9)));
            case 2 -> text.deleteCharAt(this.random.nextInt(text.length()));
            default -> text.append(this.random.nextBoolean() ? "}" : " {\"id\":1}");
        }
        return text.toString();
    }

    private String deeplyNested() {
        int depth = 100 + this.random.nextInt(20_000);
        boolean arrays = this.random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        ObjectNode tree = (ObjectNode) Definitions.parse(this.base);
        String property = switch (this.random.nextInt(3)) {
            case 0 -> "\"name\"";
            case 1 -> "\"sources\"";
            default -> "\"extra\"";
        };
        tree.remove(property.replace("\"", ""));
        String json = tree.toString();
        return "{" + property + ":" + nested + "," + json.substring(1);
    }

    private String duplicatedProperty() {
        String json = this.base.replace("\n", "");
        int at = json.indexOf("\"name\"");
        return json.substring(0, at) + "\"name\": \"twice\", " + json.substring(at);
    }

    private String notAnObject() {
        String[] roots = { "[]", "\"pipeline\"", "42", "null", "true", "", "   ", "[" + this.base + "]", "{}" };
        return roots[this.random.nextInt(roots.length)];
    }

    private void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                slots.add(new Slot(object, name, -1));
                collect(object.get(name), slots);
            }
        }
        else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** A place in the tree: a property of an object or an element of an array. */
    private record Slot(JsonNode parent, String name, int index) {

        JsonNode value() {
            return (this.name != null) ? this.parent.get(this.name) : this.parent.get(this.index);
        }

        void set(JsonNode value) {
            if (this.name != null) {
                ((ObjectNode) this.parent).set(this.name, value);
            }
            else {
                ((ArrayNode) this.parent).set(this.index, value);
            }
        }

        void remove() {
            if (this.name != null) {
                ((ObjectNode) this.parent).remove(this.name);
            }
            else {
                ((ArrayNode) this.parent).remove(this.index);
            }
        }

    }

}
