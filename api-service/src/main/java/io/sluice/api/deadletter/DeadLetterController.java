package io.sluice.api.deadletter;

import java.util.List;

import io.sluice.api.deadletter.DeadLetterQueue.ReplayOutcome;
import io.sluice.api.pipeline.PipelineExistence;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A pipeline's dead letters: browse them, replay them into the pipeline, purge them.
 *
 * <p>Replay republishes each dead letter's original bytes to the pipeline's replay subject
 * ({@code NatsNames.replaySubject}), which the ingest stage consumes as input, with the
 * {@code Sluice-Source-Position} header of the dead letter; a dead letter leaves the queue only
 * once its republish is acknowledged. A replay of everything takes at most
 * {@value #MAX_REPLAY} dead letters per call, oldest first; {@code remaining} says whether to
 * call again.
 */
@RestController
@RequestMapping("/api/v1/pipelines/{id}/dlq")
class DeadLetterController {

    static final int MAX_LIMIT = 500;

    static final int MAX_REPLAY = 10_000;

    private final DeadLetterQueue queue;

    private final PipelineExistence pipelines;

    DeadLetterController(DeadLetterQueue queue, PipelineExistence pipelines) {
        this.queue = queue;
        this.pipelines = pipelines;
    }

    /**
     * @param limit how many, 1 to {@value #MAX_LIMIT}
     * @param before only dead letters with a lower sequence: the last sequence of the previous page
     */
    @GetMapping
    List<DeadLetterView> list(@PathVariable String id, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidDeadLetterRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw new InvalidDeadLetterRequestException("before", "must be a sequence of 1 or more, was " + before);
        }
        requireExists(id);
        return this.queue.newest(id, limit, before).stream().map(DeadLetterView::of).toList();
    }

    @PostMapping("/replay")
    ReplayOutcome replay(@PathVariable String id, @RequestBody(required = false) ReplayRequest request) {
        List<Long> sequences = (request != null) ? request.sequences() : null;
        if (sequences != null) {
            if (sequences.size() > MAX_REPLAY) {
                throw new InvalidDeadLetterRequestException("$.sequences", "at most " + MAX_REPLAY + " per call, was " + sequences.size());
            }
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i) == null || sequences.get(i) < 1) {
                    throw new InvalidDeadLetterRequestException("$.sequences[" + i + "]", "must be a sequence of 1 or more");
                }
            }
        }
        requireExists(id);
        return this.queue.replay(id, sequences, MAX_REPLAY);
    }

    @PostMapping("/purge")
    PurgeOutcome purge(@PathVariable String id) {
        requireExists(id);
        return new PurgeOutcome(this.queue.purge(id));
    }

    private void requireExists(String id) {
        if (!this.pipelines.exists(id)) {
            throw new UnknownPipelineException(id);
        }
    }

    /** @param sequences the dead letters to replay; absent or null for all */
    record ReplayRequest(List<Long> sequences) {
    }

    /** @param purged how many dead letters were removed */
    record PurgeOutcome(long purged) {
    }

}
