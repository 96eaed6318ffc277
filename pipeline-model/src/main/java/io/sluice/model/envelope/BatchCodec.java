package io.sluice.model.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.zip.CRC32C;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * The binary envelope of a batch. Layout:
 *
 * <pre>
 * version 1: magic "SLCB" (4 bytes) | 1 (1 byte) | CRC32C of the payload (4 bytes, big-endian) | payload
 * version 2: magic "SLCB" (4 bytes) | 2 (1 byte) | CRC32C of the rest (4 bytes, big-endian)
 *            | varint payload length | the payload as one LZ4 block
 *
 * payload := varint topicLength, topic (UTF-8)
 *            varint partition
 *            varint recordCount
 *            recordCount × record
 * record  := zigzag varlong offset - previous offset      (previous starts at 0)
 *            zigzag varlong timestamp - previous timestamp (previous starts at 0)
 *            varint keyLength + 1 (0 for a null key), key
 *            varint jsonLength, json
 * </pre>
 *
 * Offsets and timestamps are deltas because consecutive records differ by little, so most take
 * one or two bytes. Decoding checks every length against the bytes left before allocating, so
 * hostile or damaged input fails with {@link CorruptBatchException}, never with an
 * {@link OutOfMemoryError} or an index out of bounds.
 *
 * <p>Why version 2: NATS spends its CPU per byte it stores and delivers (about 2 ns to store a byte
 * and 1.5 to deliver it here, in messages of hundreds of kilobytes), and every event crosses it
 * twice, so a batch is written compressed whenever that makes it smaller. LZ4 because it is the
 * cheapest to undo, which every reader pays: with the native library about 0.6 ns a byte to
 * compress and 0.1 to decompress, against 1.6 and 0.35 for zstd at level 1, for 2.6 times less
 * JSON where zstd makes it 4.6 (docs/ingest.md, "Compressed batches"). Small batches, and
 * batches LZ4 cannot shrink, stay version 1. Both versions are read, so batches stored by an
 * earlier version stay readable; a reader older than version 2 takes a version 2 batch for a
 * corrupt one, which is why readers (dedup, join, sink) are upgraded before writers.
 */
public final class BatchCodec {

    /** The version of an uncompressed batch. */
    public static final int VERSION = 1;

    /** The version of a batch whose payload is one LZ4 block. */
    public static final int COMPRESSED_VERSION = 2;

    /** Payloads shorter than this stay uncompressed: too little to gain for a reader's trouble. */
    static final int COMPRESS_FROM_BYTES = 512;

    /**
     * The largest payload a compressed batch may expand to: what NATS carries at most in one message
     * uncompressed, and so what version 1 could hold. Checked before allocating.
     */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

    // LZ4 expands at most about 255 times; a length beyond that cannot be the block's.
    private static final int MAX_LZ4_RATIO = 255;

    /**
     * Whether {@link #encode} compresses: {@code SLUICE_BATCH_COMPRESS} (environment) or
     * {@code sluice.batch.compress} (system property), {@code true} unless {@code false}. Off, a
     * writer produces only version 1, which readers of every version read: the setting for upgraded
     * writers while older readers still run, and for comparing the two in the benchmark.
     */
    public static final boolean COMPRESS = !"false".equalsIgnoreCase(
            System.getProperty("sluice.batch.compress", System.getenv().getOrDefault("SLUICE_BATCH_COMPRESS", "true")).trim());

    // Thread-safe and stateless, whichever it is.
    private static final LZ4Factory LZ4 = lz4();

    static final int MAX_TOPIC_BYTES = 255;

    private static final byte[] MAGIC = { 'S', 'L', 'C', 'B' };

    private static final int HEADER_BYTES = MAGIC.length + 1 + 4;

    /** offset delta, timestamp delta, key length and JSON length take one byte each at least. */
    private static final int MIN_RECORD_BYTES = 4;

    private BatchCodec() {
    }

    /**
     * The most bytes {@link #encode} will produce (exactly what it produces uncompressed), e.g. to
     * keep a batch under the NATS payload limit.
     * @throws IllegalArgumentException if the batch cannot be encoded
     */
    public static int encodedSize(Batch batch) {
        long size = HEADER_BYTES;
        int topicBytes = topicBytes(batch.sourceTopic()).length;
        size += varlongSize(topicBytes) + topicBytes + varlongSize(batch.partition()) + varlongSize(batch.records().size());
        long previousOffset = 0;
        long previousTimestamp = 0;
        for (BatchRecord record : batch.records()) {
            size += varlongSize(zigzag(record.offset() - previousOffset))
                    + varlongSize(zigzag(record.kafkaTimestampMillis() - previousTimestamp));
            int keyLength = (record.key() != null) ? record.key().length : -1;
            size += varlongSize(keyLength + 1) + Math.max(keyLength, 0) + varlongSize(record.json().length)
                    + record.json().length;
            previousOffset = record.offset();
            previousTimestamp = record.kafkaTimestampMillis();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + size + " bytes is too large to encode");
        }
        return (int) size;
    }

    /**
     * The batch as version 2 when {@link #COMPRESS} is on, its payload at least
     * {@value #COMPRESS_FROM_BYTES} bytes and LZ4 makes it smaller; as version 1 otherwise.
     * @throws IllegalArgumentException if the batch cannot be encoded
     */
    public static byte[] encode(Batch batch) {
        return encode(batch, COMPRESS);
    }

    static byte[] encode(Batch batch, boolean compress) {
        byte[] plain = encodeUncompressed(batch);
        int payload = plain.length - HEADER_BYTES;
        if (!compress || payload < COMPRESS_FROM_BYTES) {
            return plain;
        }
        LZ4Compressor compressor = LZ4.fastCompressor();
        int lengthBytes = varlongSize(payload);
        byte[] compressed = new byte[HEADER_BYTES + lengthBytes + compressor.maxCompressedLength(payload)];
        int blockLength = compressor.compress(plain, HEADER_BYTES, payload, compressed, HEADER_BYTES + lengthBytes,
                compressed.length - HEADER_BYTES - lengthBytes);
        int length = HEADER_BYTES + lengthBytes + blockLength;
        if (length >= plain.length) {
            return plain;
        }
        byte[] bytes = Arrays.copyOf(compressed, length);
        putVarlong(header(bytes, COMPRESSED_VERSION), payload);
        return sealed(bytes);
    }

    /** The batch as version 1, whatever its size. */
    private static byte[] encodeUncompressed(Batch batch) {
        byte[] bytes = new byte[encodedSize(batch)];
        ByteBuffer buffer = header(bytes, VERSION);
        byte[] topic = topicBytes(batch.sourceTopic());
        putVarlong(buffer, topic.length);
        buffer.put(topic);
        putVarlong(buffer, batch.partition());
        putVarlong(buffer, batch.records().size());
        long previousOffset = 0;
        long previousTimestamp = 0;
        for (BatchRecord record : batch.records()) {
            putVarlong(buffer, zigzag(record.offset() - previousOffset));
            putVarlong(buffer, zigzag(record.kafkaTimestampMillis() - previousTimestamp));
            if (record.key() == null) {
                putVarlong(buffer, 0);
            }
            else {
                putVarlong(buffer, record.key().length + 1L);
                buffer.put(record.key());
            }
            putVarlong(buffer, record.json().length);
            buffer.put(record.json());
            previousOffset = record.offset();
            previousTimestamp = record.kafkaTimestampMillis();
        }
        return sealed(bytes);
    }

    /** The magic and the version written, the checksum left for {@link #sealed}; positioned after them. */
    private static ByteBuffer header(byte[] bytes, int version) {
        return ByteBuffer.wrap(bytes).put(MAGIC).put((byte) version).putInt(0);
    }

    /** The bytes with the checksum of everything after the header written into it. */
    private static byte[] sealed(byte[] bytes) {
        ByteBuffer.wrap(bytes).putInt(MAGIC.length + 1, checksum(bytes));
        return bytes;
    }

    /**
     * The batch in these bytes.
     * @throws CorruptBatchException if the bytes are not a whole, intact batch of a version this
     * build reads
     */
    public static Batch decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new CorruptBatchException("truncated: " + ((bytes != null) ? bytes.length : 0)
                    + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (byte expected : MAGIC) {
            if (buffer.get() != expected) {
                throw new CorruptBatchException("bad magic " + hex(bytes, 0, MAGIC.length) + "; a Sluice batch starts with "
                        + hex(MAGIC, 0, MAGIC.length) + " (\"SLCB\")");
            }
        }
        int version = buffer.get() & 0xff;
        if (version != VERSION && version != COMPRESSED_VERSION) {
            throw new CorruptBatchException("unsupported version " + version + "; this build reads versions " + VERSION
                    + " and " + COMPRESSED_VERSION);
        }
        int stored = buffer.getInt();
        int computed = checksum(bytes);
        if (stored != computed) {
            throw new CorruptBatchException(String.format(
                    "checksum mismatch: stored %08x, computed %08x over %d payload bytes (damaged or truncated)", stored,
                    computed, bytes.length - HEADER_BYTES));
        }
        return new Reader(version == VERSION ? buffer : decompressed(buffer)).batch();
    }

    /**
     * The native LZ4 library (lz4-java's jar ships it for the common platforms), or pure Java where
     * it does not load. Not {@code fastestInstance()}: it tries the native library only when lz4-java
     * was loaded by the system class loader, which in a Spring Boot jar it is not, and its pure Java
     * fallback with the services' C1-only JIT cost ingest and dedup about 1.3 core-seconds per million
     * events more than the native library in the benchmark (measured: the services' CPU rose by that
     * much with compression on, where the native library's cost predicts 0.2).
     */
    static LZ4Factory lz4() {
        try {
            return LZ4Factory.nativeInstance();
        }
        catch (Throwable noNativeLibrary) { // UnsatisfiedLinkError, or an error in the loader's initialisation
            return LZ4Factory.fastestJavaInstance();
        }
    }

    /** The payload of a version 2 batch, its length checked before anything is allocated. */
    private static ByteBuffer decompressed(ByteBuffer buffer) {
        int lengthAt = buffer.position();
        long length = new Reader(buffer).varlong("payload length");
        int block = buffer.remaining();
        long most = Math.min(MAX_PAYLOAD_BYTES, (long) block * MAX_LZ4_RATIO + 16);
        if (length < 1 || length > most) {
            throw new CorruptBatchException("payload length " + Long.toUnsignedString(length) + " at byte " + lengthAt
                    + " is not between 1 and " + most + ", the most an LZ4 block of " + block + " bytes expands to");
        }
        byte[] payload = new byte[(int) length];
        int written;
        try {
            written = LZ4.safeDecompressor().decompress(buffer.array(), buffer.position(), block, payload, 0);
        }
        catch (LZ4Exception e) {
            throw new CorruptBatchException("the LZ4 block of " + block + " bytes does not decompress: " + e.getMessage());
        }
        if (written != length) {
            throw new CorruptBatchException("the LZ4 block expands to " + written + " bytes, not the " + length + " stated");
        }
        return ByteBuffer.wrap(payload);
    }

    private static byte[] topicBytes(String topic) {
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException(
                    "a source topic is at most " + MAX_TOPIC_BYTES + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        return (int) crc.getValue();
    }

    static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    static int varlongSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void putVarlong(ByteBuffer buffer, long value) {
        while ((value & ~0x7FL) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    private static String hex(byte[] bytes, int from, int to) {
        StringBuilder hex = new StringBuilder("0x");
        for (int i = from; i < to; i++) {
            hex.append(String.format("%02x", bytes[i]));
        }
        return hex.toString();
    }

    /** Reads the payload, checking each length against what is left before trusting it. */
    private static final class Reader {

        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        Batch batch() {
            int topicLength = read("topic length", (left) -> Math.min(MAX_TOPIC_BYTES, left));
            String topic = new String(bytes(topicLength), StandardCharsets.UTF_8);
            if (topic.isEmpty()) {
                throw new CorruptBatchException("empty source topic");
            }
            int partition = read("partition", (left) -> Integer.MAX_VALUE);
            int count = read("record count", (left) -> left / MIN_RECORD_BYTES);
            List<BatchRecord> records = new ArrayList<>(count);
            long offset = 0;
            long timestamp = 0;
            for (int i = 0; i < count; i++) {
                offset += unzigzag(varlong("offset of record " + i));
                if (offset < 0) {
                    throw new CorruptBatchException("negative offset " + offset + " in record " + i);
                }
                timestamp += unzigzag(varlong("timestamp of record " + i));
                byte[] key = key("key length of record " + i);
                byte[] json = bytes(read("JSON length of record " + i, (left) -> left));
                records.add(new BatchRecord(offset, timestamp, key, json));
            }
            if (this.buffer.hasRemaining()) {
                throw new CorruptBatchException(
                        this.buffer.remaining() + " bytes left after the last of " + count + " records");
            }
            return new Batch(topic, partition, records);
        }

        /** A varint in 0..limit, the limit given the bytes left after the varint. */
        private int read(String what, IntToLongFunction limit) {
            int position = this.buffer.position();
            long value = varlong(what);
            return check(what, value, position, limit.applyAsLong(this.buffer.remaining()));
        }

        /** The key, stored as its length plus one so that 0 stands for null. */
        private byte[] key(String what) {
            int position = this.buffer.position();
            long stored = varlong(what);
            return (stored == 0) ? null : bytes(check(what, stored - 1, position, this.buffer.remaining()));
        }

        private int check(String what, long value, int position, long max) {
            if (value < 0 || value > max) {
                throw new CorruptBatchException(what + " " + Long.toUnsignedString(value) + " at byte " + position
                        + " exceeds " + max + ", the most possible with " + this.buffer.remaining() + " bytes left");
            }
            return (int) value;
        }

        private long varlong(String what) {
            int start = this.buffer.position();
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!this.buffer.hasRemaining()) {
                    throw new CorruptBatchException("truncated in the " + what + " at byte " + start);
                }
                byte b = this.buffer.get();
                if (shift == 63 && (b & 0x7E) != 0) {
                    break;
                }
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new CorruptBatchException("the " + what + " at byte " + start + " does not fit in 64 bits");
        }

        private byte[] bytes(int length) {
            byte[] bytes = new byte[length];
            this.buffer.get(bytes);
            return bytes;
        }

    }

}
