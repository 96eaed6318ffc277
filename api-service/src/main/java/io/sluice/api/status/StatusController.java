package io.sluice.api.status;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.sluice.api.config.ApiProperties;
import io.sluice.api.distribution.DistributionBacklog;
import io.sluice.api.pipeline.PipelineExistence;
import io.sluice.api.problem.ApiProblemException;
import io.sluice.api.problem.ProblemError;
import io.swagger.v3.oas.annotations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipelines")
class StatusController {

    private static final Logger log = LoggerFactory.getLogger(StatusController.class);

    private final ObjectProvider<PipelineExistence> existence;

    private final WorkerStatusReader reader;

    private final DistributionBacklog backlog;

    private final StatusAggregator aggregator;

    private final StatusSampler sampler;

    private final BrokerLags brokerLags;

    private final Clock clock = Clock.systemUTC();

    StatusController(ObjectProvider<PipelineExistence> existence, WorkerStatusReader reader,
            DistributionBacklog backlog, ApiProperties properties, StatusSampler sampler, BrokerLags brokerLags) {
        this.existence = existence;
        this.reader = reader;
        this.backlog = backlog;
        this.aggregator = new StatusAggregator(properties.status().staleAfter());
        this.sampler = sampler;
        this.brokerLags = brokerLags;
    }

    /** Per component: replicas reporting, last heartbeat, event counters, lag, last error and warnings. */
    @Operation(summary = "What the workers report about a pipeline, per component and replica",
            description = "Replicas reporting, last heartbeat, event counters, lag and last error per component. "
                    + "'warnings' (top level, per component and per replica; empty when none) say that the pipeline "
                    + "runs but a guarantee is weaker than promised, e.g. a plain MergeTree target makes the sink "
                    + "at-least-once: not errors. A component's are those of its live replicas. 'brokerLag' is what "
                    + "waits in Kafka, per source and partition (log end offset less the pipeline's committed offset), "
                    + "measured from the broker at most 5 s ago; its 'total' is null and 'unknown' says why when the "
                    + "broker did not answer. 'filtered' counts events the pipeline's filter dropped.")
    @GetMapping("/{id}/status")
    PipelineStatusView status(@PathVariable String id) {
        requireExists(id);
        return aggregator.aggregate(id, backlog.isPending(id), reader.read(id), clock.instant())
                .withBrokerLag(brokerLags.of(id));
    }

    /**
     * The pipeline's metrics over the last hour (kept in memory since the api-service started):
     * one point per sample interval, rates per second, lag and end-to-end latency.
     *
     * @param since only points after this instant (ISO-8601), e.g. to fetch just the newest ones
     */
    @GetMapping("/{id}/metrics")
    PipelineMetricsView metrics(@PathVariable String id, @RequestParam(required = false) String since) {
        Instant after = null;
        if (since != null) {
            try {
                after = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, "Invalid request", "'since' is not an instant.",
                        List.of(new ProblemError("since", "must be an ISO-8601 instant such as 2026-03-01T12:00:00Z, was '"
                                + since + "'")));
            }
        }
        requireExists(id);
        return new PipelineMetricsView(id, sampler.interval().toMillis(), sampler.history().since(id, after));
    }

    private void requireExists(String id) {
        PipelineExistence pipelines = existence.getIfAvailable();
        if (pipelines == null) {
            throw new StatusUnavailableException("no pipeline registry in this application", null);
        }
        if (!pipelines.exists(id)) {
            throw new PipelineNotFoundException(id);
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(PipelineNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no pipeline '" + e.pipelineId() + "'.");
        problem.setTitle("Pipeline not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(StatusUnavailableException e) {
        log.warn("Worker status unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The workers' status cannot be read now; try again shortly.");
        problem.setTitle("Status unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem);
    }

    static final class PipelineNotFoundException extends RuntimeException {

        private final String pipelineId;

        PipelineNotFoundException(String pipelineId) {
            super("no pipeline " + pipelineId);
            this.pipelineId = pipelineId;
        }

        String pipelineId() {
            return pipelineId;
        }
    }
}
