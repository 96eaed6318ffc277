package io.sluice.api.pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sluice.api.distribution.DistributablePipeline;
import io.sluice.api.removal.PendingRemovals;
import io.sluice.api.secrets.DefinitionSecrets;
import io.sluice.api.secrets.SecretFields;
import io.sluice.api.secrets.SecretReuse;
import io.sluice.model.definition.InvalidDefinitionException;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.Violation;
import io.sluice.model.nats.RoutingChange;
import io.sluice.model.validation.PipelineValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores pipelines and drives their lifecycle. Every change is one transaction that also records
 * an event; what workers must learn of it is published as an application event and handed to the
 * distributor only after the commit ({@link DistributionOnCommit}), so workers never see a change
 * that was rolled back.
 */
@Service
public class PipelineService {

    static final String WORKERS = "workers";

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);

    private static final String MASKED_SECRET_MESSAGE = "secret is masked; provide the real value";

    private final PipelineRepository pipelines;

    private final PipelineEventRepository events;

    private final DefinitionSecrets secrets;

    private final ApplicationEventPublisher publisher;

    private final PendingRemovals removals;

    PipelineService(PipelineRepository pipelines, PipelineEventRepository events, DefinitionSecrets secrets,
            ApplicationEventPublisher publisher, PendingRemovals removals) {
        this.pipelines = pipelines;
        this.events = events;
        this.secrets = secrets;
        this.publisher = publisher;
        this.removals = removals;
    }

    /**
     * Stores a new pipeline in state Created. A masked secret is an error here: there is no stored
     * secret it could stand for (an exported definition must get its secrets back before import).
     * An id whose earlier pipeline's data is still being removed is refused: the new pipeline would
     * start from the old one's streams and positions.
     */
    @Transactional
    PipelineResponse create(byte[] body, String reason, String actor) {
        PipelineDefinition definition = read(body);
        List<Violation> violations = new ArrayList<>(PipelineValidator.validate(definition));
        SecretFields.map(definition, (field, value) -> {
            if (value.equals(PipelineDefinition.MASKED_SECRET)) {
                violations.add(new Violation(field.path(), MASKED_SECRET_MESSAGE));
            }
            return value;
        });
        if (!violations.isEmpty()) {
            throw DefinitionRejectedException.invalid(violations);
        }
        if (this.pipelines.existsById(definition.id())) {
            throw PipelineConflictException.exists(definition.id());
        }
        this.removals.find(definition.id()).ifPresent((pending) -> {
            throw PipelineConflictException.stillBeingRemoved(pending, this.removals.retryAfter());
        });
        Instant now = now();
        PipelineEventEntity event = record(definition.id(), now, EventKind.CREATED, null, PipelineStatus.CREATED,
                reason, actor);
        PipelineEntity pipeline = new PipelineEntity(definition.id(), definition.name(), store(definition),
                event.id(), now);
        try {
            this.pipelines.saveAndFlush(pipeline);
        }
        catch (DataIntegrityViolationException ex) {
            // Created by a concurrent request between the check above and this insert.
            throw PipelineConflictException.exists(definition.id());
        }
        distribute(pipeline, definition);
        return response(pipeline);
    }

    @Transactional(readOnly = true)
    PipelineResponse get(String id) {
        return response(find(id));
    }

    @Transactional(readOnly = true)
    PipelineList list(Optional<PipelineStatus> status, PageRequest page) {
        PageRequest byId = page.withSort(Sort.by("id"));
        Page<PipelineEntity> found = status.isPresent()
                ? this.pipelines.findByStatus(status.get(), byId) : this.pipelines.findAll(byId);
        return new PipelineList(found.map((pipeline) -> new PipelineSummary(pipeline.id(), pipeline.name(),
                pipeline.status(), pipeline.updatedAt(), List.of())).getContent(), PageInfo.of(found));
    }

    /**
     * Replaces a pipeline's definition. A secret sent as {@code "********"} keeps the stored secret
     * of the same field (sources are matched by id, so reordering them is fine), but a password
     * only for the server, user and security settings it was stored with ({@link SecretReuse}).
     * Once the pipeline may have run, an edit that changes a source's route or dedup key
     * ({@link RoutingChange}) is refused: its stages would re-deliver events or leave some behind.
     */
    @Transactional
    PipelineResponse update(String id, byte[] body, String ifMatch, String actor) {
        PipelineEntity pipeline = find(id);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new IfMatchRequiredException();
        }
        if (!EntityTags.matches(ifMatch, pipeline.version())) {
            throw new StaleVersionException(id, pipeline.version());
        }
        Lifecycle.whyNotEditable(pipeline.status()).ifPresent((reason) -> {
            throw PipelineConflictException.forbidden(reason);
        });
        PipelineDefinition sent = read(body);
        List<Violation> violations = new ArrayList<>();
        if (sent.id() != null && !sent.id().equals(id)) {
            violations.add(new Violation("$.id", "must be \"" + id + "\", the id in the URL: a pipeline's id cannot change"));
        }
        PipelineDefinition before = this.secrets.open(PipelineJson.read(pipeline.definition()));
        Map<String, String> stored = secretsByField(before);
        // A kept password goes only where it was stored for: same server, user and security settings.
        Map<String, String> refused = SecretReuse.refusedInEdit(before, sent);
        PipelineDefinition definition = SecretFields.map(sent, (field, value) -> {
            if (!value.equals(PipelineDefinition.MASKED_SECRET)) {
                return value;
            }
            if (refused.containsKey(field.key())) {
                violations.add(new Violation(field.path(), refused.get(field.key())));
                return value;
            }
            String kept = stored.get(field.key());
            if (kept == null) {
                violations.add(new Violation(field.path(), MASKED_SECRET_MESSAGE));
                return value;
            }
            return kept;
        });
        violations.addAll(0, PipelineValidator.validate(definition));
        if (!violations.isEmpty()) {
            throw DefinitionRejectedException.invalid(violations);
        }
        if (Lifecycle.mayHaveRun(pipeline.status())) {
            List<RoutingChange> changes = RoutingChange.between(before, definition);
            if (!changes.isEmpty()) {
                throw PipelineConflictException.routingChanged(id, pipeline.status(), changes);
            }
        }
        Instant now = now();
        PipelineEventEntity event = record(id, now, EventKind.EDITED, pipeline.status(), pipeline.status(),
                "definition edited", actor);
        pipeline.edit(definition.name(), store(definition), event.id(), now);
        try {
            this.pipelines.saveAndFlush(pipeline);
        }
        catch (OptimisticLockingFailureException ex) {
            throw new StaleVersionException(id, pipeline.version());
        }
        distribute(pipeline, definition);
        return response(pipeline);
    }

    /**
     * Deletes a pipeline in any state. A Running one is not refused: once the deletion commits the
     * distributor removes it, which tells workers to stop it and release its resources.
     * An {@code If-Match}, when sent, must be current. A pipeline that may have run leaves a pending
     * removal of its data outside PostgreSQL (NATS streams, the stages' positions, ingest's Kafka
     * consumer groups, dedup keys) in the same transaction; the data goes once no worker runs it any longer,
     * and the id is free again only then.
     */
    @Transactional
    void delete(String id, String ifMatch, String actor) {
        PipelineEntity pipeline = find(id);
        if (ifMatch != null && !EntityTags.matches(ifMatch, pipeline.version())) {
            throw new StaleVersionException(id, pipeline.version());
        }
        String reason = (pipeline.status() == PipelineStatus.RUNNING || pipeline.status() == PipelineStatus.PAUSED)
                ? "deleted while " + pipeline.status().label() + "; workers are told to stop it" : "deleted";
        Instant now = now();
        record(id, now, EventKind.DELETED, pipeline.status(), null, reason, actor);
        if (Lifecycle.mayHaveRun(pipeline.status())) {
            this.removals.begin(id, pipeline.definition(), now);
        }
        try {
            this.pipelines.delete(pipeline);
            this.pipelines.flush();
        }
        catch (OptimisticLockingFailureException ex) {
            throw PipelineConflictException.concurrent(id);
        }
        this.publisher.publishEvent(new PipelineRemoved(id));
    }

    /**
     * The definition, secrets in clear, that a lifecycle request would set running, for the checks
     * that talk to other servers and so run outside a transaction; empty when the request does not
     * set it running. Throws the same 409 as {@link #transition} for a forbidden move.
     */
    @Transactional(readOnly = true)
    Optional<PipelineDefinition> toRun(String id, LifecycleAction action) {
        PipelineEntity pipeline = find(id);
        Lifecycle.Outcome outcome = Lifecycle.apply(pipeline.status(), action);
        if (outcome instanceof Lifecycle.Forbidden forbidden) {
            throw PipelineConflictException.forbidden(forbidden.reason());
        }
        if (((Lifecycle.Allowed) outcome).to() != PipelineStatus.RUNNING) {
            return Optional.empty();
        }
        return Optional.of(this.secrets.open(PipelineJson.read(pipeline.definition())));
    }

    /** Applies a user's lifecycle request; a move the state machine forbids is a 409 with the reason. */
    @Transactional
    PipelineResponse transition(String id, LifecycleAction action, String reason, String actor) {
        PipelineEntity pipeline = find(id);
        Lifecycle.Outcome outcome = Lifecycle.apply(pipeline.status(), action);
        if (outcome instanceof Lifecycle.Forbidden forbidden) {
            throw PipelineConflictException.forbidden(forbidden.reason());
        }
        PipelineStatus to = ((Lifecycle.Allowed) outcome).to();
        String why = (reason != null && !reason.isBlank()) ? reason : action.verb() + " requested";
        try {
            move(pipeline, action, to, why, actor);
        }
        catch (OptimisticLockingFailureException ex) {
            throw PipelineConflictException.concurrent(id);
        }
        return response(pipeline);
    }

    /**
     * Records that workers failed to run the pipeline, with their reason. Only a Running or Paused
     * pipeline can fail; a report about any other (a late one, after a stop) is ignored.
     *
     * @return whether the pipeline is now Failed because of this call
     * @throws OptimisticLockingFailureException if the pipeline changed concurrently; report again
     */
    @Transactional
    public boolean markFailed(String id, String reason) {
        Optional<PipelineEntity> found = this.pipelines.findById(id);
        if (found.isEmpty()) {
            log.debug("Ignoring a failure report for unknown pipeline {}", id);
            return false;
        }
        PipelineEntity pipeline = found.get();
        Lifecycle.Outcome outcome = Lifecycle.apply(pipeline.status(), LifecycleAction.FAIL);
        if (outcome instanceof Lifecycle.Forbidden forbidden) {
            log.debug("Ignoring a failure report for pipeline {}: {}", id, forbidden.reason());
            return false;
        }
        move(pipeline, LifecycleAction.FAIL, ((Lifecycle.Allowed) outcome).to(), reason, WORKERS);
        return true;
    }

    @Transactional(readOnly = true)
    EventList events(String id, PageRequest page) {
        if (!this.pipelines.existsById(id)) {
            throw new PipelineNotFoundException(id);
        }
        Page<PipelineEventEntity> found = this.events.findByPipelineId(id,
                page.withSort(Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"))));
        return new EventList(found.map(PipelineEventEntity::toResponse).getContent(), PageInfo.of(found));
    }

    /** The definition as a user can save and import again: pretty JSON, secrets masked. */
    @Transactional(readOnly = true)
    String export(String id) {
        return PipelineJson.writePretty(PipelineJson.read(find(id).definition()).withSecretsMasked());
    }

    private void move(PipelineEntity pipeline, LifecycleAction action, PipelineStatus to, String reason, String actor) {
        Instant now = now();
        PipelineEventEntity event = record(pipeline.id(), now, action.event(), pipeline.status(), to, reason, actor);
        pipeline.moveTo(to, event.id(), now);
        this.pipelines.saveAndFlush(pipeline);
        distribute(pipeline, this.secrets.open(PipelineJson.read(pipeline.definition())));
    }

    private PipelineEntity find(String id) {
        return this.pipelines.findById(id).orElseThrow(() -> new PipelineNotFoundException(id));
    }

    private static PipelineDefinition read(byte[] body) {
        try {
            return PipelineJson.read(body);
        }
        catch (InvalidDefinitionException ex) {
            throw DefinitionRejectedException.unreadable(ex.violations());
        }
    }

    private String store(PipelineDefinition clear) {
        return PipelineJson.write(this.secrets.seal(clear));
    }

    private PipelineEventEntity record(String pipelineId, Instant at, EventKind kind, PipelineStatus from,
            PipelineStatus to, String reason, String actor) {
        return this.events.save(new PipelineEventEntity(pipelineId, at, kind, from, to, reason, actor));
    }

    private void distribute(PipelineEntity pipeline, PipelineDefinition clear) {
        this.publisher.publishEvent(new DistributablePipeline(clear, Lifecycle.desiredState(pipeline.status()),
                pipeline.revision()));
    }

    private static PipelineResponse response(PipelineEntity pipeline) {
        String masked = PipelineJson.write(PipelineJson.read(pipeline.definition()).withSecretsMasked());
        return new PipelineResponse(pipeline.id(), pipeline.name(), pipeline.status(), pipeline.version(),
                pipeline.createdAt(), pipeline.updatedAt(), masked, List.of());
    }

    private static Map<String, String> secretsByField(PipelineDefinition clear) {
        Map<String, String> secrets = new HashMap<>();
        SecretFields.map(clear, (field, value) -> {
            secrets.put(field.key(), value);
            return value;
        });
        return secrets;
    }

    // PostgreSQL keeps microseconds; the answer to a write should match what a later read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
