package io.sluice.api.distribution;

import io.sluice.model.control.DesiredState;
import io.sluice.model.definition.PipelineDefinition;

/**
 * A pipeline as PostgreSQL holds it, ready to publish to the workers.
 *
 * @param definitionInClear the definition with its secrets decrypted: workers connect with them
 * @param revision the same revision {@link PipelineDistributor#publish} was last given for it
 */
public record DistributablePipeline(PipelineDefinition definitionInClear, DesiredState desiredState, long revision) {

    // The record's own toString would print the definition's toString, which masks secrets; keep it explicit.
    @Override
    public String toString() {
        return "DistributablePipeline[id=" + definitionInClear.id() + ", desiredState=" + desiredState
                + ", revision=" + revision + "]";
    }
}
