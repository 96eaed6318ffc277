package io.sluice.model.control;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ControlKeysTests {

    // The rule NATS applies to KV keys.
    private static final Pattern KV_KEY = Pattern.compile("[-/_=.a-zA-Z0-9]+");

    @Test
    void definitionKeyIsThePipelineId() {
        assertThat(ControlKeys.definitionKey("orders-dedup")).isEqualTo("orders-dedup");
    }

    @Test
    void statusKeyIsPipelineComponentAndReplica() {
        String key = ControlKeys.statusKey("orders-dedup", Component.DEDUP, "dedup-5d8f7-x2k");

        assertThat(key).isEqualTo("orders-dedup.dedup.dedup-5d8f7-x2k").matches(KV_KEY);
        assertThat(ControlKeys.statusKeysOf("orders-dedup")).isEqualTo("orders-dedup.>");
    }

    @Test
    void replicaIdFromAHostNameIsAValidKeyToken() {
        String id = ControlKeys.replicaId("worker-1.eu-west.example.com:8080");

        assertThat(id).isEqualTo("worker-1_eu-west_example_com_8080");
        assertThat(ControlKeys.statusKey("p", Component.SINK, id)).matches(KV_KEY).hasSize("p.sink.".length() + id.length());
        assertThat(ControlKeys.replicaId("x".repeat(200))).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a.b", "a b", "a*", "a>", "é" })
    void rejectsPartsThatWouldBreakAKey(String part) {
        assertThatIllegalArgumentException().isThrownBy(() -> ControlKeys.definitionKey(part));
        assertThatIllegalArgumentException().isThrownBy(() -> ControlKeys.statusKey("p", Component.INGEST, part));
    }

    @Test
    void componentsHaveTheirLowerCaseNames() {
        assertThat(Component.fromJson("join")).isEqualTo(Component.JOIN);
        assertThat(Component.INGEST.json()).isEqualTo("ingest");
        assertThatIllegalArgumentException().isThrownBy(() -> Component.fromJson("JOIN"));
    }

}
