package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.batch.StreamMessage;
import io.sluice.sink.progress.Intent;
import org.junit.jupiter.api.Test;

class ReplayCheckTests {

    @Test
    void acceptsTheMessagesTheIntentRecorded() {
        Intent intent = new Intent(10, 14, "a", 0, 3, 30, 1_000);

        assertThatCode(() -> ReplayCheck.verify(intent, List.of(message(10, 10), message(12, 10), message(14, 10))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesARangeThatLostAMessageBeforeItsLast() {
        Intent intent = new Intent(10, 14, "a", 0, 3, 30, 1_000);

        assertThatThrownBy(() -> ReplayCheck.verify(intent, List.of(message(10, 10), message(14, 10))))
                .isInstanceOf(RangeGoneException.class)
                .hasMessageContaining("stream sequences 10-14")
                .hasMessageContaining("recorded with 3 message(s) of 30 record(s)");
    }

    @Test
    void refusesARangeWhoseRecordCountDiffers() {
        Intent intent = new Intent(10, 14, "a", 0, 2, 20, 1_000);

        assertThatThrownBy(() -> ReplayCheck.verify(intent, List.of(message(10, 10), message(14, 9))))
                .isInstanceOf(RangeGoneException.class);
    }

    @Test
    void trustsTheReaderAloneForIntentsRecordedWithoutTheirShape() {
        Intent old = new Intent(10, 14, "a", 0);

        assertThatCode(() -> ReplayCheck.verify(old, List.of(message(14, 1)))).doesNotThrowAnyException();
    }

    private static ReadMessage message(long sequence, int records) {
        List<BatchRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(new BatchRecord(i, 0, null, new byte[] { '{', '}' }));
        }
        return ReadMessage.of(new StreamMessage(sequence, "sluice.orders.dedup.orders.0", new Batch("orders", 0, batch)));
    }
}
