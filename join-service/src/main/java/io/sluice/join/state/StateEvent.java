package io.sluice.join.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How an event is held in the join state and its outbox: {@code <kafka timestamp ms>|<json>}. The
 * timestamp travels with the event so that a joined row keeps its left event's Kafka time (the
 * sink measures end-to-end latency from it). Pure.
 */
public final class StateEvent {

    private StateEvent() {
    }

    public static byte[] encode(long kafkaTimestampMillis, byte[] json) {
        byte[] prefix = (kafkaTimestampMillis + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + json.length);
        System.arraycopy(json, 0, encoded, prefix.length, json.length);
        return encoded;
    }

    public static long timestamp(byte[] encoded) {
        return Long.parseLong(new String(encoded, 0, bar(encoded), StandardCharsets.US_ASCII));
    }

    public static byte[] json(byte[] encoded) {
        return Arrays.copyOfRange(encoded, bar(encoded) + 1, encoded.length);
    }

    private static int bar(byte[] encoded) {
        for (int i = 0; i < encoded.length && i < 21; i++) {
            if (encoded[i] == '|') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a join state event: no timestamp");
    }
}
