package io.sluice.api.pipeline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.sluice.api.auth.ApiCaller;
import io.sluice.model.definition.PipelineDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipelines as a REST resource. Bodies are taken as bytes and read by {@link
 * io.sluice.model.definition.PipelineJson}, which reports every JSON-level problem with its path
 * (Spring's own binding would stop at the first and could not tell where).
 */
@RestController
@RequestMapping("/api/v1/pipelines")
@Tag(name = "Pipelines", description = "Define pipelines and drive their lifecycle")
class PipelineController {

    static final int MAX_PAGE_SIZE = 100;

    private final PipelineService service;

    private final PipelineWarnings warnings;

    private final TargetTableCheck tableCheck;

    PipelineController(PipelineService service, PipelineWarnings warnings, TargetTableCheck tableCheck) {
        this.service = service;
        this.warnings = warnings;
        this.tableCheck = tableCheck;
    }

    @Operation(summary = "Create a pipeline (state Created)",
            description = "400 for malformed JSON, wrong types or unknown properties; 422 for broken rules; "
                    + "409 if the id exists, or if a pipeline deleted under it is still being removed (with "
                    + "Retry-After). Secrets must be sent in clear.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @DefinitionBody
    ResponseEntity<PipelineResponse> create(@RequestBody byte[] body,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return created(this.service.create(body, "created", caller.name()));
    }

    @Operation(summary = "Import a definition, as exported (state Created)",
            description = "Like create; a secret still masked as \"********\" is an error at its path.")
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    @DefinitionBody
    ResponseEntity<PipelineResponse> importDefinition(@RequestBody byte[] body,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return created(this.service.create(body, "imported", caller.name()));
    }

    @Operation(summary = "List pipelines, ordered by id",
            description = "Each item's warnings are those its live worker replicas report (as in its status): "
                    + "it runs, but a guarantee is weaker than promised. Empty when none or when the workers' "
                    + "status cannot be read.")
    @GetMapping
    PipelineList list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @Parameter(description = "created, running, paused, stopped or failed")
            @RequestParam(required = false) String status) {
        Optional<PipelineStatus> filter = Optional.empty();
        if (status != null) {
            filter = Optional.of(PipelineStatus.fromJson(status).orElseThrow(
                    () -> new InvalidRequestException("status", "must be one of " + PipelineStatus.allJson())));
        }
        // Outside the service's transaction: reading NATS must not hold a database connection.
        return this.service.list(filter, page(page, size)).withWarnings(this.warnings);
    }

    @Operation(summary = "A pipeline: its definition with secrets masked, status and version (also the ETag)")
    @GetMapping("/{id}")
    ResponseEntity<PipelineResponse> get(@PathVariable String id) {
        return withETag(ResponseEntity.ok(), this.service.get(id));
    }

    @Operation(summary = "Edit a pipeline that is Created, Paused, Stopped or Failed",
            description = "Requires If-Match with the pipeline's ETag (428 without, 412 if stale). A secret sent "
                    + "as \"********\" keeps the stored one. 409 while Running, and 409 (each change in errors) "
                    + "for an edit of a pipeline that has run which changes a source's route (dedup, filter, join "
                    + "added or removed) or dedup key: its stages would re-deliver or lose events.")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @DefinitionBody
    ResponseEntity<PipelineResponse> update(@PathVariable String id, @RequestBody byte[] body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return withETag(ResponseEntity.ok(), this.service.update(id, body, ifMatch, caller.name()));
    }

    @Operation(summary = "Delete a pipeline in any state",
            description = "A Running or Paused pipeline is deleted too: workers are told to stop it and release "
                    + "its resources. Once none runs it, the data of a pipeline that has run (NATS streams and "
                    + "positions, Kafka consumer groups, dedup keys) is removed; until then creating its id again "
                    + "is a 409. If-Match is optional; when sent it must be current.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        this.service.delete(id, ifMatch, caller.name());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Download the definition (secrets masked) to import elsewhere")
    @GetMapping(path = "/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> export(@PathVariable String id) {
        String json = this.service.export(id);
        return ResponseEntity.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + ".json").build().toString())
            .body(json);
    }

    @Operation(summary = "Start a pipeline that is Created, Stopped or Failed")
    @PostMapping("/{id}/start")
    ResponseEntity<PipelineResponse> start(@PathVariable String id, @RequestBody(required = false) TransitionRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return transition(id, LifecycleAction.START, request, caller);
    }

    @Operation(summary = "Pause a Running pipeline: workers finish in-flight work, then stop consuming")
    @PostMapping("/{id}/pause")
    ResponseEntity<PipelineResponse> pause(@PathVariable String id, @RequestBody(required = false) TransitionRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return transition(id, LifecycleAction.PAUSE, request, caller);
    }

    @Operation(summary = "Resume a Paused pipeline")
    @PostMapping("/{id}/resume")
    ResponseEntity<PipelineResponse> resume(@PathVariable String id, @RequestBody(required = false) TransitionRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return transition(id, LifecycleAction.RESUME, request, caller);
    }

    @Operation(summary = "Stop a Running or Paused pipeline and release its resources")
    @PostMapping("/{id}/stop")
    ResponseEntity<PipelineResponse> stop(@PathVariable String id, @RequestBody(required = false) TransitionRequest request,
            @Parameter(hidden = true) @AuthenticationPrincipal ApiCaller caller) {
        return transition(id, LifecycleAction.STOP, request, caller);
    }

    @Operation(summary = "The pipeline's history (creation, edits, transitions), newest first")
    @GetMapping("/{id}/events")
    EventList events(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return this.service.events(id, page(page, size));
    }

    private ResponseEntity<PipelineResponse> transition(String id, LifecycleAction action, TransitionRequest request,
            ApiCaller caller) {
        String reason = (request != null) ? request.reason() : null;
        if (reason != null && reason.length() > TransitionRequest.MAX_REASON) {
            throw new InvalidRequestException("$.reason", "must be at most " + TransitionRequest.MAX_REASON + " characters");
        }
        // Start and resume (a paused pipeline may have been edited): the table is judged before the
        // workers are told, so a table that would lose exactly-once is refused here, with the reason.
        List<String> tableWarnings = this.service.toRun(id, action).map((definition) -> {
            TargetTableCheck.Verdict verdict = this.tableCheck.check(definition);
            if (verdict.refusal() != null) {
                throw PipelineConflictException.notRunnable(verdict.refusal());
            }
            return verdict.warnings();
        }).orElse(List.of());
        return withETag(ResponseEntity.ok(), this.service.transition(id, action, reason, caller.name())
                .withWarnings(tableWarnings));
    }

    private static ResponseEntity<PipelineResponse> created(PipelineResponse pipeline) {
        return withETag(ResponseEntity.created(URI.create("/api/v1/pipelines/" + pipeline.id())), pipeline);
    }

    private static ResponseEntity<PipelineResponse> withETag(ResponseEntity.BodyBuilder builder, PipelineResponse pipeline) {
        return builder.eTag(EntityTags.of(pipeline.version())).body(pipeline);
    }

    private static PageRequest page(int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return PageRequest.of(page, size);
    }

    /**
     * Marks an endpoint whose body is a pipeline definition: read as raw bytes, so the OpenAPI
     * document is told what they must hold.
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "A pipeline definition",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PipelineDefinition.class)))
    @interface DefinitionBody {
    }

}
