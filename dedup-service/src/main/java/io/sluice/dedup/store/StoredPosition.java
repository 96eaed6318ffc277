package io.sluice.dedup.store;

import java.nio.charset.StandardCharsets;

import io.sluice.dedup.decision.PartitionOffset;

/**
 * The Redis value of a dedup key: the first record's partition and offset packed into one long,
 * {@code partition << 48 | offset}, written in decimal.
 *
 * <p>Decimal, not binary, because Redis stores a value that reads as a 64-bit integer inside its
 * 16-byte object header (encoding "int"), with no string allocation at all: a 6-byte binary value
 * would take a 32-byte allocation and {@code orders/3/123456789} a 40-byte one (measured in
 * {@code RedisDedupStoreMeasurementsIntegrationTests}). Partitions from 2¹⁵ on or offsets from
 * 2⁴⁸ on (8.9 years at a million records a second on one partition) fall back to the text
 * {@code partition/offset}, which the {@code '/'} tells apart.
 */
final class StoredPosition {

    private static final int MAX_PACKED_PARTITION = (1 << 15) - 1;

    private static final long MAX_PACKED_OFFSET = (1L << 48) - 1;

    private StoredPosition() {
    }

    static byte[] encode(PartitionOffset position) {
        String text = (position.partition() <= MAX_PACKED_PARTITION && position.offset() <= MAX_PACKED_OFFSET)
                ? Long.toString(((long) position.partition() << 48) | position.offset())
                : position.partition() + "/" + position.offset();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @throws IllegalArgumentException if the value is not one {@link #encode} writes
     */
    static PartitionOffset decode(byte[] value) {
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            int slash = text.indexOf('/');
            if (slash >= 0) {
                return new PartitionOffset(Integer.parseInt(text.substring(0, slash)),
                        Long.parseLong(text.substring(slash + 1)));
            }
            long packed = Long.parseLong(text);
            if (packed < 0) {
                throw new IllegalArgumentException("negative");
            }
            return new PartitionOffset((int) (packed >>> 48), packed & MAX_PACKED_OFFSET);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("not a stored dedup position: \"" + text + "\"", ex);
        }
    }

}
