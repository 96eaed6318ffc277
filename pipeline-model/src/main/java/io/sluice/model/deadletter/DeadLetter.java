package io.sluice.model.deadletter;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

import io.sluice.model.envelope.SourcePosition;

/**
 * An event a pipeline stage could not process, kept with the reason so that bad input never
 * stalls the pipeline: it goes to the pipeline's dead-letter stream and everything else flows on.
 *
 * @param pipelineId the pipeline whose stage gave up on the event
 * @param stage one of {@link #STAGES}: where it failed
 * @param reason why, for the person who reads the dead-letter queue
 * @param position where the event was read from Kafka, or null when it is not known (e.g. a join
 * output record made of two inputs)
 * @param failedAt when the stage gave up
 * @param original the event's bytes exactly as the stage received them, so a replay reprocesses
 * the same input
 * @param kafka the Kafka record's key and headers, or null when the stage does not know them (every
 * stage but ingest, and a replayed event)
 */
public record DeadLetter(String pipelineId, String stage, String reason, SourcePosition position, Instant failedAt,
        byte[] original, KafkaRecord kafka) {

    public static final String INGEST = "ingest";

    public static final String DEDUP = "dedup";

    public static final String JOIN = "join";

    public static final String SINK = "sink";

    public static final Set<String> STAGES = Set.of(INGEST, DEDUP, JOIN, SINK);

    public DeadLetter {
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(original, "original");
        if (kafka != null && kafka.isEmpty()) {
            kafka = null;
        }
        if (pipelineId.isEmpty()) {
            throw new IllegalArgumentException("a dead letter needs its pipeline id");
        }
        if (!STAGES.contains(stage)) {
            throw new IllegalArgumentException("a dead letter's stage is one of " + STAGES + ", not \"" + stage + "\"");
        }
    }

    /** A dead letter without the Kafka record's key and headers. */
    public DeadLetter(String pipelineId, String stage, String reason, SourcePosition position, Instant failedAt,
            byte[] original) {
        this(pipelineId, stage, reason, position, failedAt, original, null);
    }

    // A record compares arrays by identity; dead letters are values, so compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that && this.pipelineId.equals(that.pipelineId) && this.stage.equals(that.stage)
                && this.reason.equals(that.reason) && Objects.equals(this.position, that.position)
                && this.failedAt.equals(that.failedAt) && Arrays.equals(this.original, that.original)
                && Objects.equals(this.kafka, that.kafka);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.pipelineId, this.stage, this.reason, this.position, this.failedAt, this.kafka)
                * 31 + Arrays.hashCode(this.original);
    }

    // The original may be megabytes of someone's data: never print it.
    @Override
    public String toString() {
        return "DeadLetter[pipelineId=" + this.pipelineId + ", stage=" + this.stage + ", reason=" + this.reason
                + ", position=" + this.position + ", failedAt=" + this.failedAt + ", original=" + this.original.length
                + " bytes]";
    }

}
