package io.sluice.nats;

import java.nio.charset.StandardCharsets;

/**
 * A replica's heartbeat as a KV bucket stores it (dedup and join replicas, sink replicas): the time
 * it was written, in milliseconds since the epoch, as decimal text, readable with any NATS client.
 */
public final class HeartbeatValue {

    private HeartbeatValue() {
    }

    public static byte[] write(long millis) {
        return Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
    }

    /** The time in {@code value}, or null for a value that is no heartbeat. */
    public static Long read(byte[] value) {
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
