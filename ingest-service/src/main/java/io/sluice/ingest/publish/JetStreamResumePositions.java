package io.sluice.ingest.publish;

import java.io.IOException;
import java.util.Optional;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.CorruptBatchException;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.StoredMessages;

/**
 * Reads the last message of a partition's ingest subject (JetStream last-message-by-subject):
 * its offset header, and its envelope for the topic (batches of every version carry it there).
 */
public final class JetStreamResumePositions implements ResumePositions {

    private final Connection connection;

    public JetStreamResumePositions(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<LastStoredBatch> lastStoredBatch(String stream, String subject) throws IOException {
        MessageInfo last;
        try {
            Optional<MessageInfo> stored = StoredMessages.last(connection.jetStreamManagement(), stream, subject);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            last = stored.get();
        } catch (JetStreamApiException e) {
            throw new IOException("reading the last message of " + subject + " in stream " + stream + " failed: "
                    + e.getErrorDescription() + " (" + e.getApiErrorCode() + ")", e);
        }
        String header = last.getHeaders() == null ? null : last.getHeaders().getFirst(NatsNames.LAST_OFFSET_HEADER);
        if (header == null) {
            // Only the ingest stage publishes here, always with the header; anything else is a bug
            // that must not be papered over by re-ingesting from an arbitrary place.
            throw new IOException("message " + last.getSeq() + " on " + subject + " lacks the "
                    + NatsNames.LAST_OFFSET_HEADER + " header");
        }
        long lastOffset;
        try {
            lastOffset = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new IOException("message " + last.getSeq() + " on " + subject + " has " + NatsNames.LAST_OFFSET_HEADER
                    + " \"" + header + "\", not an offset");
        }
        try {
            return Optional.of(new LastStoredBatch(BatchCodec.decode(last.getData()).sourceTopic(), lastOffset));
        } catch (CorruptBatchException e) {
            throw new IOException("message " + last.getSeq() + " on " + subject + " is not a batch: " + e.getMessage(), e);
        }
    }
}
