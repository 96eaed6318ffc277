package io.sluice.model.deadletter;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A dead letter as a NATS message, without depending on a NATS client: the headers to set and
 * the body to publish. The body is the original event as it was, so a 5 MB event costs 5 MB,
 * not the third more that base64 in a JSON document would.
 */
public record DeadLetterMessage(Map<String, String> headers, byte[] body) {

    public DeadLetterMessage {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetterMessage that && this.headers.equals(that.headers)
                && Arrays.equals(this.body, that.body);
    }

    @Override
    public int hashCode() {
        return this.headers.hashCode() * 31 + Arrays.hashCode(this.body);
    }

    @Override
    public String toString() {
        return "DeadLetterMessage[headers=" + this.headers + ", body=" + this.body.length + " bytes]";
    }

}
