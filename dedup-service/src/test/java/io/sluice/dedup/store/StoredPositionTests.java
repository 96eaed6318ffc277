package io.sluice.dedup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.sluice.dedup.decision.PartitionOffset;
import org.junit.jupiter.api.Test;

class StoredPositionTests {

    @Test
    void positionIsStoredAsOneDecimalIntegerSoRedisKeepsItInsideTheObjectHeader() {
        byte[] value = StoredPosition.encode(new PartitionOffset(3, 123_456_789));

        assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo(Long.toString((3L << 48) + 123_456_789));
    }

    @Test
    void packedPositionsReadBackExactly() {
        for (PartitionOffset position : new PartitionOffset[] { new PartitionOffset(0, 0), new PartitionOffset(0, 1),
                new PartitionOffset(1, 0), new PartitionOffset(32_767, (1L << 48) - 1),
                new PartitionOffset(17, 9_999_999_999L) }) {
            assertThat(StoredPosition.decode(StoredPosition.encode(position))).isEqualTo(position);
        }
    }

    @Test
    void positionsBeyondThePackedRangeAreStoredAsTextAndReadBack() {
        PartitionOffset bigPartition = new PartitionOffset(32_768, 5);
        PartitionOffset bigOffset = new PartitionOffset(2, 1L << 48);

        assertThat(new String(StoredPosition.encode(bigPartition), StandardCharsets.US_ASCII)).isEqualTo("32768/5");
        assertThat(StoredPosition.decode(StoredPosition.encode(bigPartition))).isEqualTo(bigPartition);
        assertThat(StoredPosition.decode(StoredPosition.encode(bigOffset))).isEqualTo(bigOffset);
        assertThat(StoredPosition.decode(StoredPosition.encode(new PartitionOffset(1, Long.MAX_VALUE))))
            .isEqualTo(new PartitionOffset(1, Long.MAX_VALUE));
    }

    @Test
    void valueNotWrittenByTheStoreIsRefused() {
        assertThatThrownBy(() -> StoredPosition.decode("orders/3/12".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("orders/3/12");
        assertThatThrownBy(() -> StoredPosition.decode("-1".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOf(IllegalArgumentException.class);
    }

}
