package io.sluice.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.sink.clickhouse.InsertBlock;
import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.sink.column.ColumnBinding;
import io.sluice.sink.column.RowEncoder;

/** Which messages form a block is the reader's rule (JetStreamRangeReaderIntegrationTests); these are the block's bytes. */
class BatchAssemblerTests {

    private final RowEncoder encoder = RowEncoder.compile(List.of(new ColumnBinding("id", "id", ClickHouseType.parse("UInt8"))),
            ZoneOffset.UTC);

    /** A message whose records have these ids, at Kafka offsets counting from {@code firstOffset}. */
    private static StreamMessage message(long sequence, long firstOffset, String... ids) {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            records.add(new BatchRecord(firstOffset + i, 0, null, ("{\"id\": " + ids[i] + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return new StreamMessage(sequence, "sluice.orders.dedup.orders.3", new Batch("orders-topic", 3, records));
    }

    private static String hex(SinkBatch block) {
        return HexFormat.of().formatHex(block.rowBinary());
    }

    private SinkBatch block(StreamMessage... messages) {
        return BatchAssembler.assemble("orders", this.encoder, List.of(messages));
    }

    @Test
    void setsAsideRecordsThatDoNotConvertAndKeepsTheOrderOfTheRest() {
        SinkBatch block = block(message(7, 100, "1", "300", "2"), message(9, 103, "\"x\"", "3"));

        assertThat(hex(block)).isEqualTo("010203");
        assertThat(block.rows()).isEqualTo(3);
        assertThat(block.rejected()).containsExactly(
                new RejectedRecord(7, 1, new SourcePosition("orders-topic", 3, 101), "id", "id",
                        "field \"id\" (column id): 300 is out of range for UInt8 (0 to 255)", "{\"id\": 300}".getBytes(StandardCharsets.UTF_8)),
                new RejectedRecord(9, 0, new SourcePosition("orders-topic", 3, 103), "id", "id",
                        "field \"id\" (column id): \"x\" is not an integer, as UInt8 needs", "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void makesABlockOfOnlyRejectedRecordsThatNeedsNoInsert() {
        SinkBatch block = block(message(1, 0, "-1"));
        InsertBlock insert = block.insertBlock("shop", "orders", this.encoder.columns());

        assertThat(block.rows()).isZero();
        assertThat(block.rejected()).hasSize(1);
        assertThat(insert.rows()).isZero();
        assertThat(insert.rowBinary()).isEmpty();
    }

    @Test
    void derivesTheDeduplicationTokenFromThePipelineAndTheRange() {
        SinkBatch block = block(message(12, 0, "1"), message(15, 1, "2"));

        assertThat(block.deduplicationToken()).isEqualTo("orders:12-15");
        assertThat(block.sequences()).containsExactly(12L, 15L);
        assertThat(block.insertBlock("shop", "orders", List.of("id")).deduplicationToken()).isEqualTo("orders:12-15");
    }

    @Test
    void rebuildsAByteIdenticalBlockFromTheSameMessagesInAnyOrder() {
        StreamMessage first = message(3, 0, "1", "bad", "2");
        StreamMessage second = message(4, 3, "3");
        StreamMessage third = message(8, 4, "4", "5");
        SinkBatch original = block(first, second, third);

        // Another replica, with its own encoder compiled from the same mapping, replays the recorded messages.
        RowEncoder replicaEncoder = RowEncoder.compile(List.of(new ColumnBinding("id", "id", ClickHouseType.parse("UInt8"))),
                ZoneOffset.UTC);
        SinkBatch replayed = BatchAssembler.assemble("orders", replicaEncoder, List.of(third, first, second));

        assertThat(replayed).isEqualTo(original);
        assertThat(replayed.rowBinary()).isEqualTo(original.rowBinary());
        assertThat(replayed.deduplicationToken()).isEqualTo(original.deduplicationToken());
    }

    @Test
    void aBlockBuiltMessageByMessageAsItIsReadIsTheBlockAReplayAssembles() {
        StreamMessage first = message(3, 0, "1", "bad", "2");
        StreamMessage second = message(4, 3, "3");
        StreamMessage third = message(8, 4, "4", "5");
        BatchAssembler.Block read = BatchAssembler.open(this.encoder);
        read.add(first);
        read.add(second);
        read.add(third);

        SinkBatch fresh = read.close("orders");
        SinkBatch replayed = BatchAssembler.assemble("orders", this.encoder, List.of(second, third, first));

        assertThat(fresh).isEqualTo(replayed);
        assertThat(fresh.rowBinary()).isEqualTo(replayed.rowBinary());
        assertThat(fresh.deduplicationToken()).isEqualTo(replayed.deduplicationToken());
        assertThat(fresh.rejected()).hasSize(1);
    }

    @Test
    void aBlockBeingReadRefusesAMessageOutOfStreamOrderAndAnEmptyClose() {
        BatchAssembler.Block read = BatchAssembler.open(this.encoder);
        assertThatThrownBy(() -> read.close("orders")).hasMessage("a block covers at least one stream message");
        read.add(message(5, 0, "1"));

        assertThatThrownBy(() -> read.add(message(4, 1, "2"))).hasMessage("stream sequence 4 comes after 5");
        assertThatThrownBy(() -> read.add(message(5, 1, "2"))).hasMessage("stream sequence 5 is given twice");
    }

    @Test
    void refusesAMessageGivenTwice() {
        assertThatThrownBy(() -> BatchAssembler.assemble("orders", this.encoder, List.of(message(5, 0, "1"), message(5, 0, "1"))))
                .hasMessage("stream sequence 5 is given twice");
    }

    @Test
    void coversEmptyMessagesSoTheyAreAcknowledgedToo() {
        SinkBatch block = block(message(1, 0));

        assertThat(block.sequences()).containsExactly(1L);
        assertThat(block.rows()).isZero();
    }
}
