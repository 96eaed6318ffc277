package io.sluice.sink.column;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.model.clickhouse.UnsupportedColumnTypeException;
import io.sluice.model.json.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns a record's JSON into one RowBinary row of the mapped columns, in the order of the
 * bindings. Compiled once per pipeline: the field paths become a tree walked while the JSON is
 * streamed, so fields that are not mapped are skipped without being decoded, and each mapped value
 * is converted straight from the parser into bytes by its column's writer.
 *
 * <p>Not thread-safe: it reuses per-column buffers across rows. Use one per pipeline thread.
 *
 * <p>Field rules: a path that runs through something other than an object ({@code user.id} when
 * {@code user} is a string) is missing; a repeated key keeps its last value; a JSON null is treated
 * like a missing field. A missing value becomes NULL for a Nullable column, and otherwise what
 * {@link WhenMissing} says.
 */
public final class RowEncoder {

    private static final JsonFactory JSON = EventJson.FACTORY;

    private static final int MAX_KEPT_VALUE_CAPACITY = 1 << 20;

    private static final byte ABSENT = 0;

    private static final byte NULL = 1;

    private static final byte PRESENT = 2;

    private final List<ColumnBinding> bindings;

    private final ColumnWriter[] writers;

    private final BinaryBuffer[] values;

    private final byte[] states;

    private final PathNode root = new PathNode();

    private RowEncoder(List<ColumnBinding> bindings, ZoneId serverZone) {
        this.bindings = List.copyOf(bindings);
        int count = this.bindings.size();
        this.writers = new ColumnWriter[count];
        this.values = new BinaryBuffer[count];
        this.states = new byte[count];
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ColumnBinding binding = this.bindings.get(i);
            if (!columns.add(binding.column())) {
                throw new IllegalArgumentException("column " + binding.column() + " is mapped twice");
            }
            this.writers[i] = ColumnWriters.forType(binding.type(), serverZone, JSON);
            this.values[i] = new BinaryBuffer(64);
            this.root.add(binding.field(), i);
        }
    }

    /**
     * Compiles the bindings into an encoder.
     * @param serverZone the server's time zone, for DateTime columns without their own and for Date
     * @throws UnsupportedColumnTypeException if a binding's type cannot be written
     * @throws IllegalArgumentException if a column is bound twice or a field path is malformed
     */
    public static RowEncoder compile(List<ColumnBinding> bindings, ZoneId serverZone) {
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("an insert needs at least one column");
        }
        return new RowEncoder(bindings, serverZone);
    }

    /**
     * Checks that the sink can write a type, beyond parsing it (a Map needs String keys).
     * @throws UnsupportedColumnTypeException if it cannot
     */
    public static void checkWritable(ClickHouseType type) {
        ColumnWriters.forType(type, java.time.ZoneOffset.UTC, JSON);
    }

    /** The columns of each row, in order: the column list of the INSERT. */
    public List<String> columns() {
        return this.bindings.stream().map(ColumnBinding::column).toList();
    }

    public List<ColumnBinding> bindings() {
        return this.bindings;
    }

    /**
     * Appends the record as one row to {@code out}; on failure {@code out} is left as it was.
     * @throws ConversionException if the record is not a JSON object or a value does not fit its column
     */
    public void encode(byte[] json, BinaryBuffer out) throws ConversionException {
        Arrays.fill(this.states, ABSENT);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ConversionException.wholeRecord("the record is not a JSON object");
            }
            readObject(parser, this.root);
            if (parser.nextToken() != null) {
                throw ConversionException.wholeRecord("the record has more after its JSON object");
            }
        }
        catch (JacksonException ex) {
            throw ConversionException.wholeRecord("the record is not valid JSON: " + RejectionWording.shorten(ex.getOriginalMessage()));
        }
        int mark = out.size();
        for (int i = 0; i < this.writers.length; i++) {
            if (this.states[i] == PRESENT) {
                out.write(this.values[i]);
                if (this.values[i].capacity() > MAX_KEPT_VALUE_CAPACITY) {
                    // One 5 MB value must not pin 5 MB per column for the life of the pipeline.
                    this.values[i] = new BinaryBuffer(64);
                }
                continue;
            }
            ColumnBinding binding = this.bindings.get(i);
            try {
                if (binding.type().acceptsNull() || binding.whenMissing() == WhenMissing.REJECT) {
                    this.writers[i].writeAbsent(out);
                }
                else {
                    this.writers[i].writeDefault(out);
                }
            }
            catch (ValueRejectedException ex) {
                out.truncate(mark);
                throw new ConversionException(binding.field(), binding.column(), ((this.states[i] == NULL) ? "null" : "missing")
                        + ", and the column is " + binding.type().sql() + ", not Nullable");
            }
        }
    }

    private void readObject(JsonParser parser, PathNode node) throws ConversionException {
        String name;
        while ((name = parser.nextName()) != null) {
            PathNode child = node.children.get(name);
            JsonToken token = parser.nextToken();
            if (child == null) {
                parser.skipChildren();
            }
            else {
                readValue(parser, token, child);
            }
        }
    }

    private void readValue(JsonParser parser, JsonToken token, PathNode node) throws ConversionException {
        int[] columns = node.columns;
        if (token == JsonToken.VALUE_NULL) {
            for (int column : columns) {
                this.values[column].reset();
                this.states[column] = NULL;
            }
            return;
        }
        boolean container = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
        if (!container) {
            // Writers leave the parser on a scalar, so every column mapped to this field can read it.
            for (int column : columns) {
                writeValue(parser, column);
            }
            return;
        }
        if (columns.length == 0) {
            if (token == JsonToken.START_OBJECT) {
                readObject(parser, node);
            }
            else {
                parser.skipChildren();
            }
            return;
        }
        if (columns.length == 1 && node.children.isEmpty()) {
            writeValue(parser, columns[0]);
            return;
        }
        // A structure read by several consumers (two columns, or a column and the fields inside it):
        // keep its text and read it once per consumer. Rare, so simplicity wins over speed here.
        byte[] captured = capture(parser);
        for (int column : columns) {
            try (JsonParser replay = JSON.createParser(ObjectReadContext.empty(), captured)) {
                replay.nextToken();
                writeValue(replay, column);
            }
        }
        if (token == JsonToken.START_OBJECT && !node.children.isEmpty()) {
            try (JsonParser replay = JSON.createParser(ObjectReadContext.empty(), captured)) {
                replay.nextToken();
                readObject(replay, node);
            }
        }
    }

    private void writeValue(JsonParser parser, int column) throws ConversionException {
        BinaryBuffer value = this.values[column];
        value.reset();
        try {
            this.writers[column].write(parser, value);
        }
        catch (ValueRejectedException ex) {
            ColumnBinding binding = this.bindings.get(column);
            throw new ConversionException(binding.field(), binding.column(), ex.getMessage());
        }
        this.states[column] = PRESENT;
    }

    private static byte[] capture(JsonParser parser) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toByteArray();
    }

    /** A segment of the field paths; {@code columns} are the columns whose field ends here. */
    private static final class PathNode {

        private final Map<String, PathNode> children = new HashMap<>();

        private int[] columns = new int[0];

        void add(String field, int column) {
            if (field.isEmpty() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
                throw new IllegalArgumentException("\"" + field + "\" is not a field path like user.id");
            }
            PathNode node = this;
            List<String> segments = new ArrayList<>(List.of(field.split("\\.")));
            for (String segment : segments) {
                node = node.children.computeIfAbsent(segment, (key) -> new PathNode());
            }
            node.columns = Arrays.copyOf(node.columns, node.columns.length + 1);
            node.columns[node.columns.length - 1] = column;
        }
    }

}
