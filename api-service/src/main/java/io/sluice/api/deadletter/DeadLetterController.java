package io.sluice.api.deadletter;

import java.util.List;

import io.sluice.api.deadletter.DeadLetterQueue.ReplayOutcome;
import io.sluice.api.pipeline.PipelineExistence;
import io.sluice.model.deadletter.DeadLetterCodec;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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

    /** Most dead letters one search request looks at; {@code continueBefore} goes on from there. */
    static final int MAX_SCAN = 2_000;

    static final int MAX_QUERY_LENGTH = 200;

    private final DeadLetterQueue queue;

    private final PipelineExistence pipelines;

    private final ReplayCounts replayCounts;

    DeadLetterController(DeadLetterQueue queue, PipelineExistence pipelines, ReplayCounts replayCounts) {
        this.queue = queue;
        this.pipelines = pipelines;
        this.replayCounts = replayCounts;
    }

    /**
     * @param limit how many, 1 to {@value #MAX_LIMIT}
     * @param before only dead letters with a lower sequence: the last sequence of the previous page
     */
    @GetMapping
    List<DeadLetterView> list(@PathVariable String id, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        validatePage(limit, before);
        requireExists(id);
        return this.queue.newest(id, limit, before).stream().map((stored) -> view(id, stored)).toList();
    }

    /**
     * A page of the dead letters that match {@code q} (every word, ignoring case, in the reason,
     * stage, source position, Kafka key or headers, or the original text), newest first, and how
     * many the queue holds. The search runs here, over the stream, looking at no more than
     * {@value #MAX_SCAN} dead letters per request: {@code continueBefore} says where the next
     * request goes on when it stopped before the oldest.
     * @param q what to look for; blank or absent for every dead letter
     */
    @GetMapping("/search")
    DeadLetterSearch search(@PathVariable String id, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) Long before) {
        validatePage(limit, before);
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidDeadLetterRequestException("q", "must be at most " + MAX_QUERY_LENGTH + " characters, was " + q.length());
        }
        requireExists(id);
        DeadLetterQueue.Scan scan = this.queue.scan(id, (stored) -> DeadLetterMatch.matches(DeadLetterView.of(stored), q),
                limit, before, MAX_SCAN);
        return new DeadLetterSearch(scan.total(), (q == null || q.isBlank()) ? null : q.trim(), scan.scanned(),
                scan.continueBefore(), scan.found().stream().map((stored) -> view(id, stored)).toList());
    }

    /** Removes one dead letter without replaying it. */
    @DeleteMapping("/{sequence}")
    ResponseEntity<Void> delete(@PathVariable String id, @PathVariable long sequence) {
        if (sequence < 1) {
            throw new InvalidDeadLetterRequestException("sequence", "must be a sequence of 1 or more, was " + sequence);
        }
        requireExists(id);
        if (!this.queue.delete(id, sequence)) {
            throw new DeadLetterNotFoundException(id, sequence);
        }
        return ResponseEntity.noContent().build();
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

    private static void validatePage(int limit, Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidDeadLetterRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (before != null && before < 1) {
            throw new InvalidDeadLetterRequestException("before", "must be a sequence of 1 or more, was " + before);
        }
    }

    // A count that cannot be read shows as 0 rather than failing the page: it only informs.
    private DeadLetterView view(String pipelineId, StoredDeadLetter stored) {
        DeadLetterView view = DeadLetterView.of(stored);
        try {
            return view.withReplays(this.replayCounts.replays(pipelineId, DeadLetterIdentity.of(
                    stored.message().headers().get(DeadLetterCodec.SOURCE_POSITION_HEADER), stored.message().body())));
        } catch (DeadLetterStreamUnavailableException e) {
            return view;
        }
    }

    private void requireExists(String id) {
        if (!this.pipelines.exists(id)) {
            throw new UnknownPipelineException(id);
        }
    }

    /** @param sequences the dead letters to replay; absent or null for all */
    record ReplayRequest(List<Long> sequences) {
    }

    /**
     * @param total how many dead letters the queue holds, whatever the query
     * @param query the words searched for, null when none
     * @param scanned how many dead letters this request looked at
     * @param continueBefore the {@code before} of the next request, when older dead letters were
     * left unexamined (the page filled, or the scan reached its bound); null when none remain
     */
    record DeadLetterSearch(long total, String query, int scanned, Long continueBefore, List<DeadLetterView> deadLetters) {
    }

    /** @param purged how many dead letters were removed */
    record PurgeOutcome(long purged) {
    }

}
