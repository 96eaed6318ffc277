package io.sluice.ui.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.sluice.ui.api.ApiProblemException;
import org.junit.jupiter.api.Test;

class PipelineIdsTests {

    @Test
    void wellFormedIdPassesAsItIs() {
        assertThat(PipelineIds.require("orders-dedup-2")).isEqualTo("orders-dedup-2");
    }

    @Test
    void idThatCouldChangeTheApiPathIsNotFound() {
        for (String id : new String[] {"../tokens", "orders?x=1", "orders/dlq", "Orders", "", "a%2Fb"}) {
            assertThatExceptionOfType(ApiProblemException.class).as(id).isThrownBy(() -> PipelineIds.require(id))
                    .satisfies((e) -> assertThat(e.problem().status()).isEqualTo(404));
        }
    }
}
