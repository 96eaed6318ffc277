package io.sluice.ingest.publish;

import java.io.IOException;
import java.util.Optional;

/** Where the ingest of a partition stands, as the data stream (not Kafka, not memory) says. */
public interface ResumePositions {

    /**
     * The last batch stored for a partition: the topic in its envelope and the
     * {@code Sluice-Last-Offset} of the last message on its ingest subject; empty when the stream
     * holds none.
     *
     * @throws IOException when the stream cannot be asked (NATS down): the answer is unknown,
     *                     which is not the same as empty
     */
    Optional<LastStoredBatch> lastStoredBatch(String stream, String subject) throws IOException;
}
