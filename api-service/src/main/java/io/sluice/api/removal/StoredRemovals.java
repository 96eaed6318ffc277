package io.sluice.api.removal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.sluice.api.config.ApiProperties;
import org.springframework.stereotype.Component;

/** {@link PendingRemovals} in PostgreSQL, so that a restarted api-service finishes them. */
@Component
class StoredRemovals implements PendingRemovals {

    private final PipelineRemovalRepository removals;

    private final PipelineRemover remover;

    private final Duration retryAfter;

    StoredRemovals(PipelineRemovalRepository removals, PipelineRemover remover, ApiProperties properties) {
        this.removals = removals;
        this.remover = remover;
        // At the earliest, a removal completes one quiet period after the last worker stopped.
        this.retryAfter = properties.removal().quietPeriod().plus(properties.removal().checkInterval());
    }

    @Override
    public void begin(String pipelineId, String sealedDefinition, Instant deletedAt) {
        this.removals.save(new PipelineRemovalEntity(pipelineId, sealedDefinition, deletedAt));
        this.remover.hurry();
    }

    @Override
    public Optional<Pending> find(String pipelineId) {
        return this.removals.findById(pipelineId)
                .map((removal) -> new Pending(removal.pipelineId(), removal.deletedAt(), removal.waitingFor()));
    }

    @Override
    public Duration retryAfter() {
        return this.retryAfter;
    }
}
