package io.sluice.sink.column;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;

/**
 * String and FixedString(N). A JSON string is stored as its UTF-8 bytes; a number or boolean as
 * its JSON text ({@code 12.50}, {@code true}); an object or array as its compact JSON text, so a
 * nested structure can be kept whole in a String column. FixedString pads with zero bytes and
 * rejects text longer than N bytes.
 */
final class TextWriter implements ColumnWriter {

    private final TokenStreamFactory json;

    private final int fixedLength;

    /** @param fixedLength N of FixedString(N), or -1 for String */
    TextWriter(TokenStreamFactory json, int fixedLength) {
        this.json = json;
        this.fixedLength = fixedLength;
    }

    @Override
    public void write(JsonParser parser, BinaryBuffer out) {
        switch (parser.currentToken()) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                    writeChars(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), out);
            case START_OBJECT, START_ARRAY -> writeStructure(parser, out);
            default -> throw RejectionWording.unexpected(parser, "a string", type());
        }
    }

    /** Writes a value that is already a Java string, e.g. a map key. */
    void writeString(String text, BinaryBuffer out) {
        char[] chars = text.toCharArray();
        writeChars(chars, 0, chars.length, out);
    }

    @Override
    public void writeDefault(BinaryBuffer out) {
        if (this.fixedLength < 0) {
            out.writeVarUInt(0);
        }
        else {
            out.writeZeros(this.fixedLength);
        }
    }

    private void writeChars(char[] chars, int offset, int length, BinaryBuffer out) {
        int bytes = Utf8Encoder.length(chars, offset, length);
        if (this.fixedLength < 0) {
            out.writeVarUInt(bytes);
            Utf8Encoder.write(chars, offset, length, bytes, out);
            return;
        }
        if (bytes > this.fixedLength) {
            throw new ValueRejectedException("the text is " + bytes + " bytes in UTF-8, longer than " + type() + " holds");
        }
        Utf8Encoder.write(chars, offset, length, bytes, out);
        out.writeZeros(this.fixedLength - bytes);
    }

    private void writeStructure(JsonParser parser, BinaryBuffer out) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = this.json.createGenerator(ObjectWriteContext.empty(), text)) {
            generator.copyCurrentStructure(parser);
        }
        byte[] bytes = text.toByteArray();
        if (this.fixedLength < 0) {
            out.writeVarUInt(bytes.length);
            out.writeBytes(bytes, 0, bytes.length);
            return;
        }
        if (bytes.length > this.fixedLength) {
            throw new ValueRejectedException("the JSON text is " + bytes.length + " bytes, longer than " + type() + " holds");
        }
        out.writeBytes(bytes, 0, bytes.length);
        out.writeZeros(this.fixedLength - bytes.length);
    }

    private String type() {
        return (this.fixedLength < 0) ? "String" : "FixedString(" + this.fixedLength + ")";
    }

}
