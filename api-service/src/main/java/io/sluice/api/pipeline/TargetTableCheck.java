package io.sluice.api.pipeline;

import java.util.List;

import io.sluice.model.definition.PipelineDefinition;

/**
 * What the pipeline's ClickHouse table means for its guarantees, asked when it is started or
 * resumed, so the answer comes with the request instead of seconds later in status. Implemented
 * by the connections feature, which talks to ClickHouse; the sink checks the same rule again when
 * it starts, and stays the last word.
 */
public interface TargetTableCheck {

    /**
     * @param definition the definition with its secrets in clear
     * @return never null; an unreachable ClickHouse is a warning, not a refusal (it may be down
     *         for a moment, and the sink retries)
     */
    Verdict check(PipelineDefinition definition);

    /**
     * @param refusal  why the pipeline must not run, or null
     * @param warnings what weakens its guarantees while it runs
     */
    record Verdict(String refusal, List<String> warnings) {

        public static Verdict fine() {
            return new Verdict(null, List.of());
        }
    }
}
