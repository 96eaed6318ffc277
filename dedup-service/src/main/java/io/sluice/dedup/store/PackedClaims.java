package io.sluice.dedup.store;

import java.util.Arrays;

/**
 * How a claim script's claims and answers travel: each as one string, not one Redis argument and
 * one array element per claim. Pure.
 *
 * <pre>
 * claims  := claim*    claim  := 16 hash bytes | 1 byte n | n bytes of the position ({@link StoredPosition})
 * answers := answer*   answer := 1 byte n (0: no earlier claim) | n bytes of the earlier claim's position
 * </pre>
 *
 * <p>Why: with an argument and a reply element per claim, the client spent about 1 µs per claim
 * encoding 2,000 arguments and decoding a 1,000-element array (Lettuce on C1, as the services run),
 * as much as the dedup of the batch itself; Redis parsed as many arguments and built as large a
 * reply. Packed, the client's cost per claim fell to about a third and Redis's by a tenth
 * (docs/dedup.md, "One round trip per batch"). The script cuts the string with
 * {@code string.sub}, so the key names it writes are the same as before.
 */
final class PackedClaims {

    static final int MAX_POSITION_BYTES = 255;

    private PackedClaims() {
    }

    /**
     * The claims {@code members} (indexes into {@code hashes} and {@code positions}) as one string,
     * in that order; of each hash (a whole digest may be given) its first {@link RedisKeyLayout#HASH_BYTES}.
     */
    static byte[] pack(byte[][] hashes, byte[][] positions, int[] members) {
        int size = 0;
        for (int member : members) {
            size += RedisKeyLayout.HASH_BYTES + 1 + positions[member].length;
        }
        byte[] packed = new byte[size];
        int at = 0;
        for (int member : members) {
            byte[] position = positions[member];
            if (position.length > MAX_POSITION_BYTES) {
                throw new IllegalArgumentException("a stored position is at most " + MAX_POSITION_BYTES + " bytes, not "
                        + position.length);
            }
            System.arraycopy(hashes[member], 0, packed, at, RedisKeyLayout.HASH_BYTES);
            at += RedisKeyLayout.HASH_BYTES;
            packed[at++] = (byte) position.length;
            System.arraycopy(position, 0, packed, at, position.length);
            at += position.length;
        }
        return packed;
    }

    /**
     * The earlier position of each of {@code claims} claims, null where the claim stored its own.
     * @throws DedupStoreException if the answers are not exactly that many
     */
    static byte[][] unpack(byte[] answers, int claims) {
        byte[][] earlier = new byte[claims][];
        int at = 0;
        int answered = 0;
        while (at < answers.length && answered < claims) {
            int length = answers[at++] & 0xff;
            if (at + length > answers.length) {
                break;
            }
            if (length > 0) {
                earlier[answered] = Arrays.copyOfRange(answers, at, at + length);
            }
            at += length;
            answered++;
        }
        if (answered != claims || at != answers.length) {
            throw new DedupStoreException("Redis answered " + (answered == claims ? "more than" : answered + " of")
                    + " a script's " + claims + " claims (" + answers.length + " bytes)", null);
        }
        return earlier;
    }

}
