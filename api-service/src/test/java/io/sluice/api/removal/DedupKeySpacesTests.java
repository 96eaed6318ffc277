package io.sluice.api.removal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class DedupKeySpacesTests {

    private final DedupKeySpaces spaces = new DedupKeySpaces("sluice:");

    @Test
    void namesThePipelineOfEveryKeySpaceTheStagesWrite() {
        assertThat(spaces.pipelineOf(bytes("sluice:dedup:orders:web:0123456789abcdef"))).isEqualTo("orders");
        assertThat(spaces.pipelineOf(bytes("sluice:dedup-sentinel:orders:web:0"))).isEqualTo("orders");
        assertThat(spaces.pipelineOf(bytes("{sluice:dedup:orders:web:7}0123456789abcdef"))).isEqualTo("orders");
        assertThat(spaces.pipelineOf(bytes("{sluice:join:orders:3}:sentinel"))).isEqualTo("orders");
        assertThat(spaces.pipelineOf(bytes("sluice:join:orders:replicas"))).isEqualTo("orders");
    }

    @Test
    void readsThePipelineFromTheKeysStartNotFromHashBytesThatLookLikeAnotherOne() {
        assertThat(spaces.pipelineOf(bytes("{sluice:dedup:orders-2:web:7}:orders:abcdefgh"))).isEqualTo("orders-2");
        byte[] hashed = { 's', 'l', 'u', 'i', 'c', 'e', ':', 'd', 'e', 'd', 'u', 'p', ':', 'o', ':', (byte) 0xff, ':', 'x' };
        assertThat(spaces.pipelineOf(hashed)).isEqualTo("o");
    }

    @Test
    void belongsToNoPipelineWhenTheKeyIsOfAnotherPrefixOrKind() {
        assertThat(spaces.pipelineOf(bytes("other:dedup:orders:web:0"))).isNull();
        assertThat(spaces.pipelineOf(bytes("sluice:status:orders"))).isNull();
        assertThat(spaces.pipelineOf(bytes("sluice:dedup:orders"))).as("no ':' after the id").isNull();
        assertThat(spaces.pipelineOf(bytes("sluice:dedup::web"))).as("an empty id").isNull();
    }

    @Test
    void letsTheServerMatchOnePipelinesKeysOrTheCommonPrefixOfSeveral() {
        assertThat(spaces.candidates(List.of("orders"))).isEqualTo("*:orders:*");
        assertThat(spaces.candidates(List.of("orders", "clicks"))).isEqualTo("*sluice:*");
        assertThat(new DedupKeySpaces("").candidates(List.of("orders", "clicks"))).isEqualTo("*");
        assertThat(new DedupKeySpaces("a*b:").candidates(List.of("orders", "clicks"))).isEqualTo("*a\\*b:*");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
