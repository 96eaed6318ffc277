package io.sluice.model.envelope;

import java.util.Objects;

/**
 * Where a record was read from Kafka: its identity for exactly-once, written
 * {@code topic/partition/offset}.
 */
public record SourcePosition(String topic, int partition, long offset) {

    public SourcePosition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("a source position needs a topic");
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "a source position has a partition and offset of 0 or more, not " + partition + " and " + offset);
        }
    }

    /**
     * The position written as {@code topic/partition/offset}.
     * @throws IllegalArgumentException if the text is not a position
     */
    public static SourcePosition parse(String text) {
        // Kafka topic names hold no '/', but reading from the right keeps this correct even if one did.
        int offsetSlash = text.lastIndexOf('/');
        int partitionSlash = (offsetSlash > 0) ? text.lastIndexOf('/', offsetSlash - 1) : -1;
        if (partitionSlash <= 0) {
            throw notAPosition(text);
        }
        try {
            return new SourcePosition(text.substring(0, partitionSlash),
                    Integer.parseInt(text.substring(partitionSlash + 1, offsetSlash)),
                    Long.parseLong(text.substring(offsetSlash + 1)));
        }
        catch (IllegalArgumentException ex) {
            throw notAPosition(text);
        }
    }

    private static IllegalArgumentException notAPosition(String text) {
        return new IllegalArgumentException("not a source position (topic/partition/offset): \"" + text + "\"");
    }

    @Override
    public String toString() {
        return this.topic + "/" + this.partition + "/" + this.offset;
    }

}
