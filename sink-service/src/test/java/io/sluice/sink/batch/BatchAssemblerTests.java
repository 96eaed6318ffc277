package io.sluice.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.sink.clickhouse.InsertBlock;
import io.sluice.sink.column.ClickHouseType;
import io.sluice.sink.column.ColumnBinding;
import io.sluice.sink.column.RowEncoder;

class BatchAssemblerTests {

    private static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private static final long SECOND = 1_000_000_000L;

    private final RowEncoder encoder = RowEncoder.compile(List.of(new ColumnBinding("id", "id", ClickHouseType.parse("UInt8"))),
            ZoneOffset.UTC);

    private BatchAssembler assembler(int maxBatchSize) {
        return new BatchAssembler("orders", this.encoder, maxBatchSize, MAX_DELAY);
    }

    /** A message whose records have these ids, at Kafka offsets counting from {@code firstOffset}. */
    private static StreamMessage message(long sequence, long firstOffset, String... ids) {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            records.add(new BatchRecord(firstOffset + i, 0, null, ("{\"id\": " + ids[i] + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return new StreamMessage(sequence, new Batch("orders-topic", 3, records));
    }

    private static String hex(SinkBatch block) {
        return HexFormat.of().formatHex(block.rowBinary());
    }

    @Test
    void closesABlockWhenItHoldsMaxBatchSizeRecords() {
        BatchAssembler assembler = assembler(4);

        assertThat(assembler.add(message(1, 0, "1", "2"), 0)).isEmpty();
        List<SinkBatch> closed = assembler.add(message(2, 2, "3", "4"), 0);

        assertThat(closed).singleElement().satisfies((block) -> {
            assertThat(block.sequences()).containsExactly(1L, 2L);
            assertThat(block.rows()).isEqualTo(4);
            assertThat(hex(block)).isEqualTo("01020304");
        });
        assertThat(assembler.flush()).isEmpty();
    }

    @Test
    void startsANewBlockWhenTheNextMessageWouldNotFit() {
        BatchAssembler assembler = assembler(4);
        assembler.add(message(1, 0, "1", "2", "3"), 0);

        List<SinkBatch> closed = assembler.add(message(2, 3, "4", "5"), 0);

        assertThat(closed).singleElement().satisfies((block) -> assertThat(block.sequences()).containsExactly(1L));
        assertThat(assembler.flush()).hasValueSatisfying((block) -> {
            assertThat(block.sequences()).containsExactly(2L);
            assertThat(hex(block)).isEqualTo("0405");
        });
    }

    @Test
    void neverSplitsAMessageLargerThanMaxBatchSize() {
        BatchAssembler assembler = assembler(2);
        assembler.add(message(1, 0, "1"), 0);

        List<SinkBatch> closed = assembler.add(message(2, 1, "2", "3", "4"), 0);

        assertThat(closed).extracting(SinkBatch::sequences).containsExactly(List.of(1L), List.of(2L));
        assertThat(closed.get(1).rows()).isEqualTo(3);
    }

    @Test
    void closesABlockWhenItsFirstMessageHasWaitedMaxDelay() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(1, 0, "1"), 10 * SECOND);
        assembler.add(message(2, 1, "2"), 10 * SECOND + SECOND / 2);

        assertThat(assembler.pollDue(11 * SECOND - 1)).isEmpty();
        assertThat(assembler.nanosUntilDue(10 * SECOND + SECOND / 2)).isEqualTo(SECOND / 2);
        assertThat(assembler.pollDue(11 * SECOND)).hasValueSatisfying(
                (block) -> assertThat(block.sequences()).containsExactly(1L, 2L));
        assertThat(assembler.nanosUntilDue(11 * SECOND)).isEqualTo(Long.MAX_VALUE);
        assertThat(assembler.pollDue(20 * SECOND)).isEmpty();
    }

    @Test
    void startsTheDelayOfTheNextBlockWithItsOwnFirstMessage() {
        BatchAssembler assembler = assembler(1);
        assembler.add(message(1, 0, "1"), 0);

        assembler.add(message(2, 1), 5 * SECOND);

        assertThat(assembler.nanosUntilDue(5 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void setsAsideRecordsThatDoNotConvertAndKeepsTheOrderOfTheRest() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(7, 100, "1", "300", "2"), 0);
        assembler.add(message(9, 103, "\"x\"", "3"), 0);

        SinkBatch block = assembler.flush().orElseThrow();

        assertThat(hex(block)).isEqualTo("010203");
        assertThat(block.rows()).isEqualTo(3);
        assertThat(block.rejected()).containsExactly(
                new RejectedRecord(7, 1, new SourcePosition("orders-topic", 3, 101), "id", "id",
                        "field \"id\" (column id): 300 is out of range for UInt8 (0 to 255)", "{\"id\": 300}".getBytes(StandardCharsets.UTF_8)),
                new RejectedRecord(9, 0, new SourcePosition("orders-topic", 3, 103), "id", "id",
                        "field \"id\" (column id): \"x\" is not an integer, as UInt8 needs", "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsRejectedRecordsTowardsMaxBatchSize() {
        BatchAssembler assembler = assembler(3);

        assertThat(assembler.add(message(1, 0, "1", "-1", "-2"), 0)).singleElement()
                .satisfies((block) -> assertThat(block.rows()).isEqualTo(1));
    }

    @Test
    void makesABlockOfOnlyRejectedRecordsThatNeedsNoInsert() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(1, 0, "-1"), 0);

        SinkBatch block = assembler.flush().orElseThrow();
        InsertBlock insert = block.insertBlock("shop", "orders", this.encoder.columns());

        assertThat(block.rows()).isZero();
        assertThat(block.rejected()).hasSize(1);
        assertThat(insert.rows()).isZero();
        assertThat(insert.rowBinary()).isEmpty();
    }

    @Test
    void derivesTheDeduplicationTokenFromThePipelineAndTheRange() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(12, 0, "1"), 0);
        assembler.add(message(15, 1, "2"), 0);

        SinkBatch block = assembler.flush().orElseThrow();

        assertThat(block.deduplicationToken()).isEqualTo("orders:12-15");
        assertThat(block.sequences()).containsExactly(12L, 15L);
        assertThat(block.insertBlock("shop", "orders", List.of("id")).deduplicationToken()).isEqualTo("orders:12-15");
    }

    @Test
    void rebuildsAByteIdenticalBlockFromTheSameMessagesInAnyOrder() {
        BatchAssembler assembler = assembler(100);
        StreamMessage first = message(3, 0, "1", "bad", "2");
        StreamMessage second = message(4, 3, "3");
        StreamMessage third = message(8, 4, "4", "5");
        assembler.add(first, 0);
        assembler.add(second, 0);
        assembler.add(third, 0);
        SinkBatch original = assembler.flush().orElseThrow();

        // Another replica, with its own encoder compiled from the same mapping, replays the recorded messages.
        RowEncoder replicaEncoder = RowEncoder.compile(List.of(new ColumnBinding("id", "id", ClickHouseType.parse("UInt8"))),
                ZoneOffset.UTC);
        SinkBatch replayed = BatchAssembler.assemble("orders", replicaEncoder, List.of(third, first, second));

        assertThat(replayed).isEqualTo(original);
        assertThat(replayed.rowBinary()).isEqualTo(original.rowBinary());
        assertThat(replayed.deduplicationToken()).isEqualTo(original.deduplicationToken());
    }

    @Test
    void refusesAMessageThatIsNotAfterTheOpenBlocksLast() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(5, 0, "1"), 0);

        assertThatThrownBy(() -> assembler.add(message(5, 0, "1"), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream sequence 5 arrived after 5; a block holds its messages in stream order");
        assertThatThrownBy(() -> assembler.add(message(4, 0, "1"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToReplayAMessageTwice() {
        assertThatThrownBy(() -> BatchAssembler.assemble("orders", this.encoder, List.of(message(5, 0, "1"), message(5, 0, "1"))))
                .hasMessage("stream sequence 5 is given twice");
    }

    @Test
    void coversEmptyMessagesSoTheyAreAcknowledgedToo() {
        BatchAssembler assembler = assembler(100);
        assembler.add(message(1, 0), 0);

        assertThat(assembler.flush()).hasValueSatisfying((block) -> {
            assertThat(block.sequences()).containsExactly(1L);
            assertThat(block.rows()).isZero();
        });
    }

}
