package io.sluice.sink.column;

import java.util.Arrays;

/**
 * A growable byte array with the little-endian and LEB128 writes RowBinary needs. Unlike
 * {@code ByteArrayOutputStream} it is not synchronized, can be truncated back to a mark when a
 * row turns out to be bad, and is reused across rows. Not thread-safe.
 */
public final class BinaryBuffer {

    private byte[] bytes;

    private int size;

    public BinaryBuffer() {
        this(256);
    }

    public BinaryBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return this.size;
    }

    /** Drops everything after the first {@code size} bytes. */
    public void truncate(int size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException("cannot truncate " + this.size + " bytes to " + size);
        }
        this.size = size;
    }

    public void reset() {
        this.size = 0;
    }

    int capacity() {
        return this.bytes.length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(this.bytes, this.size);
    }

    /** Appends the content of another buffer. */
    public void write(BinaryBuffer other) {
        writeBytes(other.bytes, 0, other.size);
    }

    void writeByte(int value) {
        ensure(1);
        this.bytes[this.size++] = (byte) value;
    }

    void writeShortLE(int value) {
        ensure(2);
        this.bytes[this.size++] = (byte) value;
        this.bytes[this.size++] = (byte) (value >>> 8);
    }

    void writeIntLE(int value) {
        ensure(4);
        byte[] b = this.bytes;
        int i = this.size;
        b[i] = (byte) value;
        b[i + 1] = (byte) (value >>> 8);
        b[i + 2] = (byte) (value >>> 16);
        b[i + 3] = (byte) (value >>> 24);
        this.size = i + 4;
    }

    void writeLongLE(long value) {
        ensure(8);
        byte[] b = this.bytes;
        int i = this.size;
        for (int shift = 0; shift < 64; shift += 8) {
            b[i++] = (byte) (value >>> shift);
        }
        this.size = i;
    }

    void writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, this.bytes, this.size, length);
        this.size += length;
    }

    void writeZeros(int count) {
        ensure(count);
        Arrays.fill(this.bytes, this.size, this.size + count, (byte) 0);
        this.size += count;
    }

    /** Unsigned LEB128, the length prefix of strings, arrays and maps. */
    void writeVarUInt(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            this.bytes[this.size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        this.bytes[this.size++] = (byte) v;
    }

    /**
     * Inserts an unsigned LEB128 value at an earlier position, moving what follows: an array's
     * element count is known only after its elements are written, and a temporary buffer per
     * nesting level would cost a copy anyway.
     */
    void insertVarUInt(int position, long value) {
        int length = varUIntLength(value);
        ensure(length);
        System.arraycopy(this.bytes, position, this.bytes, position + length, this.size - position);
        int end = this.size + length;
        this.size = position;
        writeVarUInt(value);
        this.size = end;
    }

    /** Makes room for {@code length} bytes and returns where they start in {@link #array()}. */
    int advance(int length) {
        ensure(length);
        int start = this.size;
        this.size += length;
        return start;
    }

    /** The backing array, valid until the next write; for encoders that fill space from {@link #advance}. */
    byte[] array() {
        return this.bytes;
    }

    /** The byte at an index, for tests and decoding. */
    byte byteAt(int index) {
        if (index >= this.size) {
            throw new IndexOutOfBoundsException(index);
        }
        return this.bytes[index];
    }

    static int varUIntLength(long value) {
        int length = 1;
        long v = value >>> 7;
        while (v != 0) {
            length++;
            v >>>= 7;
        }
        return length;
    }

    private void ensure(int extra) {
        int needed = this.size + extra;
        if (needed > this.bytes.length) {
            if (needed < 0) {
                throw new IllegalStateException("a RowBinary block cannot exceed 2 GiB");
            }
            this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
        }
    }

}
