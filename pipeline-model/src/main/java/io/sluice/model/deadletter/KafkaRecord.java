package io.sluice.model.deadletter;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What Kafka held beside a dead-lettered event's value: its key and headers, so whoever reads the
 * dead letter sees the record as it was produced. Only the ingest stage, which reads Kafka, knows
 * them; dead letters of the later stages (and ones written before this existed) carry none.
 *
 * @param key the record's key, null when it had none
 * @param headers the record's headers in their order (Kafka allows a name more than once)
 */
public record KafkaRecord(byte[] key, List<Header> headers) {

    public KafkaRecord {
        headers = (headers == null) ? List.of() : List.copyOf(headers);
    }

    /** Nothing to carry: no key and no headers. */
    public boolean isEmpty() {
        return this.key == null && this.headers.isEmpty();
    }

    // A record compares arrays by identity; compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaRecord that && Arrays.equals(this.key, that.key) && this.headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(this.key) * 31 + this.headers.hashCode();
    }

    @Override
    public String toString() {
        return "KafkaRecord[key=" + ((this.key == null) ? "none" : this.key.length + " bytes") + ", headers="
                + this.headers.stream().map(Header::name).toList() + "]";
    }

    /** @param value null when the header has none */
    public record Header(String name, byte[] value) {

        public Header {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Header that && this.name.equals(that.name) && Arrays.equals(this.value, that.value);
        }

        @Override
        public int hashCode() {
            return this.name.hashCode() * 31 + Arrays.hashCode(this.value);
        }

        @Override
        public String toString() {
            return "Header[" + this.name + "]";
        }
    }
}
