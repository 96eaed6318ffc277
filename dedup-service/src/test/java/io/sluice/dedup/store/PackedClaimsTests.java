package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.sluice.dedup.decision.PartitionOffset;
import org.junit.jupiter.api.Test;

class PackedClaimsTests {

    @Test
    void claimsArePackedAsHashLengthAndPositionInTheOrderOfTheMembers() {
        byte[][] hashes = { hash(1), hash(2), hash(3) };
        byte[][] positions = { ascii("7"), ascii("123"), StoredPosition.encode(new PartitionOffset(40_000, 5)) };

        byte[] packed = PackedClaims.pack(hashes, positions, new int[] { 2, 0 });

        byte[] third = positions[2];
        assertThat(packed).hasSize(16 + 1 + third.length + 16 + 1 + 1);
        assertThat(Arrays.copyOfRange(packed, 0, 16)).isEqualTo(hashes[2]);
        assertThat(packed[16]).isEqualTo((byte) third.length);
        assertThat(Arrays.copyOfRange(packed, 17, 17 + third.length)).isEqualTo(third);
        int second = 17 + third.length;
        assertThat(Arrays.copyOfRange(packed, second, second + 16)).isEqualTo(hashes[0]);
        assertThat(packed[second + 16]).isEqualTo((byte) 1);
        assertThat(packed[second + 17]).isEqualTo((byte) '7');
    }

    @Test
    void answersReadBackAsTheEarlierPositionOrNullForAClaimThatStoredItsOwn() {
        byte[] answers = concat(new byte[] { 0 }, new byte[] { 3 }, ascii("123"), new byte[] { 0 }, new byte[] { 1 }, ascii("9"));

        byte[][] earlier = PackedClaims.unpack(answers, 4);

        assertThat(earlier[0]).isNull();
        assertThat(earlier[1]).isEqualTo(ascii("123"));
        assertThat(earlier[2]).isNull();
        assertThat(earlier[3]).isEqualTo(ascii("9"));
    }

    @Test
    void answersOfAnotherCountAreRefusedNotGuessed() {
        byte[] two = concat(new byte[] { 0 }, new byte[] { 1 }, ascii("9"));

        assertThatThrownBy(() -> PackedClaims.unpack(two, 3)).isInstanceOf(DedupStoreException.class)
            .hasMessageContaining("answered 2 of a script's 3 claims");
        assertThatThrownBy(() -> PackedClaims.unpack(two, 1)).isInstanceOf(DedupStoreException.class)
            .hasMessageContaining("more than a script's 1 claims");
        assertThatThrownBy(() -> PackedClaims.unpack(new byte[] { 5, '1' }, 1)).as("cut short")
            .isInstanceOf(DedupStoreException.class).hasMessageContaining("answered 0 of a script's 1 claims");
    }

    @Test
    void aPositionLongerThanALengthByteIsRefused() {
        byte[][] positions = { new byte[256] };

        assertThatThrownBy(() -> PackedClaims.pack(new byte[][] { hash(1) }, positions, new int[] { 0 }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 255 bytes");
    }

    private static byte[] hash(int seed) {
        byte[] hash = new byte[16];
        Arrays.fill(hash, (byte) seed);
        hash[15] = (byte) (seed * 31);
        return hash;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
