package io.sluice.api.pipeline;

import io.sluice.api.distribution.DistributablePipeline;
import io.sluice.api.distribution.PipelineDistributor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands each committed change to the distributor. Runs after the commit on the request's thread,
 * so the answer to the request is sent once workers can see the change. If publishing fails the
 * change stays committed (PostgreSQL is the source of truth) and the failure is logged: the next
 * change of the pipeline, or the republication of every pipeline at start-up, brings workers up
 * to date.
 */
@Component
class DistributionOnCommit {

    private static final Logger log = LoggerFactory.getLogger(DistributionOnCommit.class);

    private final PipelineDistributor distributor;

    DistributionOnCommit(PipelineDistributor distributor) {
        this.distributor = distributor;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void changed(DistributablePipeline pipeline) {
        String id = pipeline.definitionInClear().id();
        try {
            this.distributor.publish(pipeline.definitionInClear(), pipeline.desiredState(), pipeline.revision());
        }
        catch (RuntimeException ex) {
            log.error("Could not publish pipeline {} (revision {}, {}) to the workers; they will get it with its next "
                    + "change or when the api-service restarts", id, pipeline.revision(), pipeline.desiredState(), ex);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void removed(PipelineRemoved removed) {
        try {
            this.distributor.remove(removed.pipelineId());
        }
        catch (RuntimeException ex) {
            log.error("Could not tell the workers that pipeline {} was deleted", removed.pipelineId(), ex);
        }
    }

}
