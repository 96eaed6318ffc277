package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineConflictExceptionTests {

    // Shown as is on the UI's import and wizard pages, where there is no PUT to reach for.
    @Test
    void existingIdSaysWhatToDoInPlainWords() {
        assertThat(PipelineConflictException.exists("orders").getBody().getDetail())
            .isEqualTo("A pipeline with id \"orders\" exists already. Import or create this one under another id,"
                    + " or edit the existing pipeline instead.")
            .doesNotContain("PUT");
    }

}
