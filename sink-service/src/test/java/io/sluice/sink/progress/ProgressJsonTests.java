package io.sluice.sink.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressJsonTests {

    @Test
    void readsAnIntentRecordedBeforeBlocksHadTheirShapeAsShapeless() {
        String old = "{\"committedSeq\":5,\"intent\":{\"fromSeq\":6,\"toSeq\":9,\"owner\":\"a\",\"leaseUntilMillis\":1}}";

        Progress progress = ProgressJson.read(old.getBytes(StandardCharsets.UTF_8));

        assertThat(progress).isEqualTo(new Progress(5, new Intent(6, 9, "a", 1)));
        assertThat(progress.intent().hasShape()).isFalse();
    }

    @Test
    void keepsTheShapeOfABlock() {
        Progress progress = new Progress(5, new Intent(6, 9, "a", 1, 3, 7_500, 1_796_000_000_000L));

        assertThat(ProgressJson.read(ProgressJson.write(progress))).isEqualTo(progress);
    }

    @Test
    void readsAValueWithFieldsThisVersionDoesNotKnow() {
        String later = "{\"committedSeq\":5,\"intent\":null,\"someFieldAddedLater\":\"x\"}";

        assertThat(ProgressJson.read(later.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Progress(5, null));
    }

    @Test
    void keepsTheLanesHolderAndReadsAValueWrittenBeforeHoldersAsHeldByNone() {
        Progress held = new Progress(5, null, "sink-b", 1_796_000_000_000L);
        String old = "{\"committedSeq\":5,\"intent\":null}";

        assertThat(ProgressJson.read(ProgressJson.write(held))).isEqualTo(held);
        assertThat(ProgressJson.read(old.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Progress(5, null, null, 0));
    }
}
