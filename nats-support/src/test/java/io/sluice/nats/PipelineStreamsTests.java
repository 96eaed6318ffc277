package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import org.junit.jupiter.api.Test;

class PipelineStreamsTests {

    private static final StreamLimits LIMITS = new StreamLimits(Duration.ofDays(7), 1L << 30, Duration.ofMinutes(10));

    @Test
    void aStreamOnOneServerIsReadWithDirectGets() {
        PipelineStreams streams = new PipelineStreams(null, NatsNames.standard(), LIMITS, NatsReplicas.ONE);
        assertThat(streams.dataStream("orders").getAllowDirect()).isTrue();
        assertThat(streams.deadLetterStream("orders").getAllowDirect()).isTrue();
    }

    @Test
    void aStreamWithSeveralCopiesIsReadThroughItsLeaderSoNoLaggingFollowerAnswers() {
        PipelineStreams streams = new PipelineStreams(null, NatsNames.standard(), LIMITS, new NatsReplicas(3));
        assertThat(streams.dataStream("orders").getAllowDirect()).isFalse();
        assertThat(streams.deadLetterStream("orders").getAllowDirect()).isFalse();
        assertThat(streams.dataStream("orders").getReplicas()).isEqualTo(3);
    }

    @Test
    void streamsAreBoundedByCountsAndReserveNoBytesUnlessAByteLimitIsSet() {
        PipelineStreams streams = new PipelineStreams(null, NatsNames.standard(), new StreamLimits(Duration.ofDays(7),
                StreamLimits.NO_BYTE_LIMIT, Duration.ofMinutes(10), 500, 700));
        assertThat(streams.dataStream("orders").getMaxBytes()).isEqualTo(-1);
        assertThat(streams.dataStream("orders").getMaxMsgs()).isEqualTo(-1);
        assertThat(streams.dataStream("orders").getMaxMsgsPerSubject()).isEqualTo(500);
        assertThat(streams.dataStream("orders").isDiscardNewPerSubject()).isTrue();
        assertThat(streams.deadLetterStream("orders").getMaxBytes()).isEqualTo(-1);
        assertThat(streams.deadLetterStream("orders").getMaxMsgs()).isEqualTo(700);
        PipelineStreams reserving = new PipelineStreams(null, NatsNames.standard(), LIMITS);
        assertThat(reserving.dataStream("orders").getMaxBytes()).isEqualTo(1L << 30);
    }
}
