package io.sluice.nats;

import io.nats.client.JetStreamApiException;

/**
 * The JetStream API error codes Sluice acts on, in one place. JetStream answers several different
 * conditions with the same HTTP-like code (404 for a missing stream and for a missing message), so
 * decisions go by these API error codes ({@code err_code} in the server's answer).
 */
public final class JetStreamErrors {

    /** The stream does not exist (yet, or any more). */
    public static final int STREAM_NOT_FOUND = 10059;

    /** No message at that sequence or on that subject. */
    public static final int NO_MESSAGE_FOUND = 10037;

    /** A delete of a sequence the stream does not hold (older servers answer it so). */
    public static final int SEQUENCE_NOT_FOUND = 10057;

    /** A publish or KV update that expected another last sequence (someone else wrote first). */
    public static final int WRONG_LAST_SEQUENCE = 10071;

    /**
     * A create asked a single server for more than one replica (nats-server's
     * JSStreamReplicasNotSupportedErr, "replicas > 1 not supported in non-clustered mode").
     */
    public static final int REPLICAS_NOT_SUPPORTED = 10074;

    private JetStreamErrors() {
    }

    public static boolean streamNotFound(JetStreamApiException e) {
        return e.getApiErrorCode() == STREAM_NOT_FOUND;
    }

    public static boolean noMessageFound(JetStreamApiException e) {
        return e.getApiErrorCode() == NO_MESSAGE_FOUND;
    }

    /** The server cannot hold the replicas asked for: a setting to correct, not an outage to wait out. */
    public static boolean replicasNotSupported(JetStreamApiException e) {
        return e.getApiErrorCode() == REPLICAS_NOT_SUPPORTED;
    }
}
