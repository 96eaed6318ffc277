package io.sluice.nats;

import java.io.IOException;
import java.util.Optional;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;

/**
 * Direct reads of one stored message, where "there is none" is an answer, not a failure: a lane's
 * last message (ingest and dedup resume from it, the purge keeps it) or the message at a sequence
 * (a replay checks its range's end is still there). JetStream answers both "no such message" and
 * "no such stream" with 404; only the first means none, the second stays an error.
 */
public final class StoredMessages {

    private static final int NOT_FOUND = 404;

    private StoredMessages() {
    }

    /** The last message on {@code subject}, or empty when the stream holds none there. */
    public static Optional<MessageInfo> last(JetStreamManagement jsm, String stream, String subject)
            throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getLastMessage(stream, subject));
        } catch (JetStreamApiException e) {
            return none(e);
        }
    }

    /** The message at {@code sequence}, or empty when the stream no longer (or never) held it. */
    public static Optional<MessageInfo> at(JetStreamManagement jsm, String stream, long sequence)
            throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getMessage(stream, sequence));
        } catch (JetStreamApiException e) {
            return none(e);
        }
    }

    /** Deletes the message at {@code sequence}; false when the stream no longer (or never) held it. */
    public static boolean delete(JetStreamManagement jsm, String stream, long sequence)
            throws IOException, JetStreamApiException {
        try {
            return jsm.deleteMessage(stream, sequence, false);
        } catch (JetStreamApiException e) {
            return none(e).isPresent();
        }
    }

    private static Optional<MessageInfo> none(JetStreamApiException e) throws JetStreamApiException {
        if (isNoSuchMessage(e)) {
            return Optional.empty();
        }
        throw e;
    }

    // The server answers a delete of a missing message with 400/10057 or 404/10037 depending on
    // its version; a read with 404.
    private static boolean isNoSuchMessage(JetStreamApiException e) {
        return (e.getErrorCode() == NOT_FOUND && !JetStreamErrors.streamNotFound(e))
                || JetStreamErrors.noMessageFound(e) || e.getApiErrorCode() == JetStreamErrors.SEQUENCE_NOT_FOUND;
    }
}
