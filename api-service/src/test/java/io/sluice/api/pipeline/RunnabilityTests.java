package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.definition.PipelineJson;
import org.junit.jupiter.api.Test;

class RunnabilityTests {

    @Test
    void aPipelineWithoutAJoinCanRun() {
        assertThat(Runnability.whyNotRunnable(PipelineJson.read(Definitions.withId("plain")))).isEmpty();
    }

    @Test
    void aPipelineWithAJoinCannotRunAndTheReasonNamesItsSourcesAndTheWayOut() {
        assertThat(Runnability.whyNotRunnable(PipelineJson.read(Definitions.joinWithId("joined")))).hasValueSatisfying(
                (why) -> assertThat(why).startsWith("pipeline \"joined\" joins source \"orders\" with \"payments\"")
                    .contains("no join stage yet").endsWith("without joining them"));
    }
}
