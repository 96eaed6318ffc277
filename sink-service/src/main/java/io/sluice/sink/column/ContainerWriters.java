package io.sluice.sink.column;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Nullable, Array and Map writers, which wrap the writers of their element types. */
final class ContainerWriters {

    private ContainerWriters() {
    }

    /** Nullable(T): a byte 1 for NULL, or 0 followed by the value. */
    static final class NullableWriter implements ColumnWriter {

        private final ColumnWriter inner;

        NullableWriter(ColumnWriter inner) {
            this.inner = inner;
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                out.writeByte(1);
                return;
            }
            out.writeByte(0);
            this.inner.write(parser, out);
        }

        @Override
        public void writeAbsent(BinaryBuffer out) {
            out.writeByte(1);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeByte(1);
        }
    }

    /** Array(T) from a JSON array: the element count as LEB128, then the elements. */
    static final class ArrayWriter implements ColumnWriter {

        private final ColumnWriter element;

        private final String type;

        ArrayWriter(ColumnWriter element, String type) {
            this.element = element;
            this.type = type;
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw RejectionWording.unexpected(parser, "an array", this.type);
            }
            int start = out.size();
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                try {
                    if (parser.currentToken() == JsonToken.VALUE_NULL) {
                        this.element.writeAbsent(out);
                    }
                    else {
                        this.element.write(parser, out);
                    }
                }
                catch (ValueRejectedException ex) {
                    throw new ValueRejectedException("element " + count + ": " + ex.getMessage());
                }
                count++;
            }
            out.insertVarUInt(start, count);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeVarUInt(0);
        }
    }

    /**
     * Map(String, V) from a JSON object: the entry count as LEB128, then key and value for each
     * entry in the order of the JSON text.
     */
    static final class MapWriter implements ColumnWriter {

        private final TextWriter key;

        private final ColumnWriter value;

        private final String type;

        MapWriter(TextWriter key, ColumnWriter value, String type) {
            this.key = key;
            this.value = value;
            this.type = type;
        }

        @Override
        public void write(JsonParser parser, BinaryBuffer out) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw RejectionWording.unexpected(parser, "an object", this.type);
            }
            int start = out.size();
            int count = 0;
            String name;
            while ((name = parser.nextName()) != null) {
                this.key.writeString(name, out);
                parser.nextToken();
                try {
                    if (parser.currentToken() == JsonToken.VALUE_NULL) {
                        this.value.writeAbsent(out);
                    }
                    else {
                        this.value.write(parser, out);
                    }
                }
                catch (ValueRejectedException ex) {
                    throw new ValueRejectedException("key \"" + RejectionWording.shorten(name) + "\": " + ex.getMessage());
                }
                count++;
            }
            out.insertVarUInt(start, count);
        }

        @Override
        public void writeDefault(BinaryBuffer out) {
            out.writeVarUInt(0);
        }
    }

}
