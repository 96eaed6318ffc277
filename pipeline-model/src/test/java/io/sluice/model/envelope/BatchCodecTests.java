package io.sluice.model.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BatchCodecTests {

    private static final byte[] JSON = "{\"order_id\":\"A-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAnEmptyBatch() {
        Batch batch = new Batch("orders", 0, List.of());

        assertThat(BatchCodec.decode(BatchCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void roundTripsRecordsWithNullEmptyAndBinaryKeys() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Batch batch = new Batch("shop.orders", 7, List.of(new BatchRecord(100, 1_700_000_000_000L, null, JSON),
                new BatchRecord(101, 1_700_000_000_005L, new byte[0], JSON),
                new BatchRecord(105, 1_699_999_999_000L, everyByte, new byte[0])));

        Batch decoded = BatchCodec.decode(BatchCodec.encode(batch));

        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.records().get(0).key()).isNull();
        assertThat(decoded.records().get(1).key()).isEmpty();
        assertThat(decoded.records().get(2).key()).isEqualTo(everyByte);
    }

    @Test
    void roundTripsLargeRecordsAndExtremeValues() {
        byte[] large = new byte[4 * 1024 * 1024];
        new Random(1).nextBytes(large);
        Batch batch = new Batch("t\u00e9", Integer.MAX_VALUE,
                List.of(new BatchRecord(0, Long.MIN_VALUE, large, large), new BatchRecord(Long.MAX_VALUE, Long.MAX_VALUE,
                        null, JSON), new BatchRecord(3, -1, null, JSON)));

        assertThat(BatchCodec.decode(BatchCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void roundTripsManyRecords() {
        List<BatchRecord> records = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            byte[] json = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            byte[] key = (i % 3 == 0) ? null : Integer.toString(i).getBytes(StandardCharsets.UTF_8);
            records.add(new BatchRecord(5_000_000_000L + i * 2L, 1_700_000_000_000L + random.nextInt(1000) - 500, key, json));
        }
        Batch batch = new Batch("orders", 3, records);

        byte[] encoded = BatchCodec.encode(batch);

        assertThat(BatchCodec.decode(encoded)).isEqualTo(batch);
        assertThat(encoded.length).as("deltas keep offsets and timestamps small").isLessThan(10_000 * 20);
    }

    @Test
    void encodedSizeIsWhatTheEncodingTakesAtMost() {
        byte[] key = new byte[300];
        byte[] noise = new byte[20_000];
        Random random = new Random(3);
        random.nextBytes(key);
        random.nextBytes(noise);
        Batch incompressible = new Batch("orders", 1, List.of(new BatchRecord(1, 2, key, noise)));
        Batch zeros = new Batch("orders", 1, List.of(new BatchRecord(1, 2, new byte[300], new byte[20_000])));

        assertThat(BatchCodec.encodedSize(incompressible)).isEqualTo(BatchCodec.encode(incompressible).length);
        assertThat(BatchCodec.encode(zeros).length).isLessThan(BatchCodec.encodedSize(zeros) / 10);
    }

    @Test
    void compressesABatchOfEventsToLessThanHalf() {
        Batch batch = orders(1_000);

        byte[] encoded = BatchCodec.encode(batch);

        assertThat(encoded[4]).as("version").isEqualTo((byte) BatchCodec.COMPRESSED_VERSION);
        assertThat(encoded.length).isLessThan(BatchCodec.encodedSize(batch) / 2);
        assertThat(BatchCodec.decode(encoded)).isEqualTo(batch);
    }

    @Test
    void compressesWithTheNativeLibraryOnLinux() {
        assumeTrue(System.getProperty("os.name").equals("Linux")
                && List.of("amd64", "aarch64").contains(System.getProperty("os.arch")), "lz4-java ships a native library for it");
        assertThat(BatchCodec.lz4().toString()).isEqualTo("LZ4Factory:JNI");
    }

    @Test
    void keepsSmallAndIncompressibleBatchesUncompressed() {
        byte[] noise = new byte[5_000];
        new Random(4).nextBytes(noise);

        assertThat(BatchCodec.encode(orders(1))[4]).as("a payload under 512 bytes").isEqualTo((byte) BatchCodec.VERSION);
        assertThat(BatchCodec.encode(new Batch("orders", 0, List.of(new BatchRecord(1, 2, null, noise))))[4])
            .as("random bytes").isEqualTo((byte) BatchCodec.VERSION);
    }

    @Test
    void writesOnlyVersion1WithCompressionOffWhichEveryReaderReads() {
        Batch batch = orders(1_000);

        byte[] uncompressed = BatchCodec.encode(batch, false);

        assertThat(BatchCodec.COMPRESS).as("on unless SLUICE_BATCH_COMPRESS=false").isTrue();
        assertThat(uncompressed[4]).isEqualTo((byte) BatchCodec.VERSION);
        assertThat(uncompressed.length).isEqualTo(BatchCodec.encodedSize(batch));
        assertThat(BatchCodec.decode(uncompressed)).isEqualTo(batch);
    }

    @Test
    void startsWithMagicAndVersion() {
        byte[] encoded = BatchCodec.encode(new Batch("orders", 0, List.of()));

        assertThat(new String(encoded, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SLCB");
        assertThat(encoded[4]).isEqualTo((byte) 1);
    }

    @Test
    void batchGivesEachRecordItsSourcePosition() {
        Batch batch = new Batch("orders", 2, List.of(new BatchRecord(10, 0, null, JSON), new BatchRecord(12, 0, null, JSON)));

        assertThat(batch.position(1)).isEqualTo(new SourcePosition("orders", 2, 12));
        assertThat(batch.firstOffset()).isEqualTo(10);
        assertThat(batch.lastOffset()).isEqualTo(12);
    }

    @Test
    void refusesToEncodeATopicLongerThanItCanDecode() {
        Batch batch = new Batch("t".repeat(256), 0, List.of());

        assertThatIllegalArgumentException().isThrownBy(() -> BatchCodec.encode(batch)).withMessageContaining("at most 255");
    }

    @Test
    void rejectsInputShorterThanTheHeader() {
        assertCorrupt(null, "truncated: 0 bytes is shorter than the 9-byte header");
        assertCorrupt(new byte[0], "truncated: 0 bytes");
        assertCorrupt(Arrays.copyOf(BatchCodec.encode(new Batch("t", 0, List.of())), 8), "truncated: 8 bytes");
    }

    @Test
    void rejectsBadMagic() {
        byte[] encoded = BatchCodec.encode(new Batch("t", 0, List.of()));
        encoded[0] = '{';

        assertCorrupt(encoded, "bad magic 0x7b4c4342; a Sluice batch starts with 0x534c4342");
    }

    @Test
    void rejectsAnotherVersion() {
        byte[] encoded = BatchCodec.encode(new Batch("t", 0, List.of()));
        encoded[4] = 3;

        assertCorrupt(encoded, "unsupported version 3; this build reads versions 1 and 2");
    }

    @Test
    void rejectsAStatedLengthBeyondWhatTheBlockCanExpandTo() {
        assertCorrupt(compressed(varint(1L << 30), bytes(4)), "payload length 1073741824 at byte 9 is not between 1 and 1036");
        assertCorrupt(compressed(varint(0), bytes(4)), "payload length 0");
        assertCorrupt(compressed(varint(-1L)), "payload length 18446744073709551615");
    }

    @Test
    void rejectsABlockThatExpandsToAnotherLengthThanStated() {
        byte[] encoded = BatchCodec.encode(orders(100));
        int stated = BatchCodec.encodedSize(orders(100)) - 9;
        byte[] block = Arrays.copyOfRange(encoded, 9 + varint(stated).length, encoded.length);

        assertCorrupt(compressed(varint(stated + 1), block), "expands to " + stated + " bytes, not the " + (stated + 1));
        assertCorrupt(compressed(varint(stated - 1), block), "does not decompress");
    }

    @Test
    void rejectsEveryTruncationOfACompressedBatchEvenWithAMatchingChecksum() {
        byte[] encoded = BatchCodec.encode(orders(20));
        assertThat(encoded[4]).isEqualTo((byte) BatchCodec.COMPRESSED_VERSION);

        for (int length = 9; length < encoded.length; length++) {
            byte[] truncated = withChecksum(Arrays.copyOf(encoded, length));
            assertThatExceptionOfType(CorruptBatchException.class).as("truncated to %d bytes", length)
                .isThrownBy(() -> BatchCodec.decode(truncated));
        }
    }

    @Test
    void rejectsADamagedPayloadByItsChecksum() {
        byte[] encoded = BatchCodec.encode(new Batch("orders", 0, List.of(new BatchRecord(1, 2, null, JSON))));
        encoded[encoded.length - 3] ^= 0x20;

        assertCorrupt(encoded, "checksum mismatch");
    }

    @Test
    void rejectsATruncatedBatchByItsChecksum() {
        byte[] encoded = BatchCodec.encode(new Batch("orders", 0, List.of(new BatchRecord(1, 2, null, JSON))));

        assertCorrupt(Arrays.copyOf(encoded, encoded.length - 1), "checksum mismatch");
    }

    @Test
    void rejectsEveryTruncationEvenWithAMatchingChecksum() {
        byte[] encoded = BatchCodec.encode(new Batch("orders", 0,
                List.of(new BatchRecord(1, 2, "k".getBytes(StandardCharsets.UTF_8), JSON), new BatchRecord(3, 4, null, JSON))));

        for (int length = 9; length < encoded.length; length++) {
            byte[] truncated = withChecksum(Arrays.copyOf(encoded, length));
            assertThatExceptionOfType(CorruptBatchException.class).as("truncated to %d bytes", length)
                .isThrownBy(() -> BatchCodec.decode(truncated));
        }
    }

    @Test
    void rejectsLengthsBeyondTheBuffer() {
        assertCorrupt(payload(topic("orders"), varint(0), varint(1), varint(0), varint(0), varint(0), varint(50), bytes(3)),
                "JSON length of record 0 50 at byte 21 exceeds 3");
        assertCorrupt(payload(topic("orders"), varint(0), varint(1), varint(0), varint(0), varint(1L << 40), bytes(3)),
                "key length of record 0 1099511627775");
        assertCorrupt(payload(varint(10), bytes(3)), "topic length 10 at byte 9 exceeds 3");
    }

    @Test
    void rejectsAbsurdCountsWithoutAllocating() {
        assertCorrupt(payload(topic("orders"), varint(0), varint(Integer.MAX_VALUE), bytes(8)),
                "record count 2147483647 at byte 17 exceeds 2, the most possible");
        assertCorrupt(payload(topic("orders"), varint(0), varint(0xFFFFFFFFL)), "record count 4294967295");
        assertCorrupt(payload(topic("orders"), varint(-1L)), "partition 18446744073709551615");
        assertCorrupt(payload(topic("orders"), varint(1L << 31), varint(0)), "partition 2147483648");
        assertCorrupt(payload(varint(300), bytes(400)), "topic length 300 at byte 9 exceeds 255");
    }

    @Test
    void rejectsVarintsLongerThan64Bits() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0xFF);
        byte[] tenthTooBig = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 0x02 };

        assertCorrupt(payload(topic("t"), varint(0), varint(1), eleven), "offset of record 0 at byte 13 does not fit in 64 bits");
        assertCorrupt(payload(topic("t"), varint(0), varint(1), tenthTooBig), "does not fit in 64 bits");
    }

    @Test
    void rejectsAVarintCutShort() {
        assertCorrupt(payload(topic("t"), varint(0), varint(1), varint(0), new byte[] { (byte) 0x80, (byte) 0x80, 0, 0 }),
                "truncated in the JSON length of record 0");
    }

    @Test
    void rejectsNegativeOffsets() {
        assertCorrupt(payload(topic("t"), varint(0), varint(1), varint(zigzag(-5)), varint(0), varint(0), varint(0)),
                "negative offset -5 in record 0");
    }

    @Test
    void rejectsAnEmptyTopic() {
        assertCorrupt(payload(varint(0), varint(0), varint(0)), "empty source topic");
    }

    @Test
    void rejectsBytesAfterTheLastRecord() {
        assertCorrupt(payload(topic("t"), varint(0), varint(0), bytes(2)), "2 bytes left after the last of 0 records");
    }

    @Test
    void neverFailsOtherwiseOnDamagedInput() {
        byte[] plain = BatchCodec.encode(new Batch("orders", 4, List.of(new BatchRecord(1, 1_700_000_000_000L,
                "key".getBytes(StandardCharsets.UTF_8), JSON), new BatchRecord(9, 1_700_000_000_100L, null, JSON))));
        byte[] compressed = BatchCodec.encode(orders(10));
        assertThat(compressed[4]).isEqualTo((byte) BatchCodec.COMPRESSED_VERSION);
        Random random = new Random(42);
        for (int i = 0; i < 40_000; i++) {
            byte[] valid = (i % 4 < 2) ? plain : compressed;
            byte[] damaged = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[9 + random.nextInt(damaged.length - 9)] = (byte) random.nextInt(256);
            }
            byte[] input = (i % 2 == 0) ? withChecksum(damaged) : damaged;
            try {
                BatchCodec.decode(input);
            }
            catch (CorruptBatchException ex) {
                assertThat(ex).hasMessageStartingWith("corrupt batch: ");
            }
        }
    }

    private static void assertCorrupt(byte[] input, String message) {
        assertThatExceptionOfType(CorruptBatchException.class).isThrownBy(() -> BatchCodec.decode(input))
            .withMessageContaining(message);
    }

    /** A batch with this payload and a correct header, to reach the checks behind the checksum. */
    private static byte[] payload(byte[]... parts) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            payload.writeBytes(part);
        }
        ByteBuffer batch = ByteBuffer.allocate(9 + payload.size());
        batch.put(new byte[] { 'S', 'L', 'C', 'B', 1, 0, 0, 0, 0 }).put(payload.toByteArray());
        return withChecksum(batch.array());
    }

    /** A version 2 batch of these bytes after its header, with a correct checksum. */
    private static byte[] compressed(byte[]... parts) {
        byte[] batch = payload(parts);
        batch[4] = (byte) BatchCodec.COMPRESSED_VERSION;
        return withChecksum(batch);
    }

    /** Events as a source carries them: alike in shape, different in values. */
    private static Batch orders(int count) {
        Random random = new Random(count);
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String json = "{\"order_id\":\"ord-" + (1_000_000 + random.nextInt(9_000_000)) + "\",\"customer\":{\"id\":"
                    + random.nextInt(100_000) + "},\"amount\":" + random.nextInt(100_000) / 100.0
                    + ",\"currency\":\"EUR\",\"created_at\":\"2026-12-07T20:" + (10 + random.nextInt(50)) + ":"
                    + (10 + random.nextInt(50)) + ".123Z\",\"session\":\"" + new java.util.UUID(random.nextLong(), random.nextLong())
                    + "\"}";
            records.add(new BatchRecord(5_000 + i, 1_700_000_000_000L + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        return new Batch("orders", 3, records);
    }

    private static byte[] withChecksum(byte[] batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch, 9, batch.length - 9);
        ByteBuffer.wrap(batch).putInt(5, (int) crc.getValue());
        return batch;
    }

    private static byte[] topic(String topic) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(varint(name.length));
        out.writeBytes(name);
        return out.toByteArray();
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static byte[] bytes(int count) {
        return new byte[count];
    }

}
