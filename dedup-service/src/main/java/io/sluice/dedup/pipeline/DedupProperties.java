package io.sluice.dedup.pipeline;

import java.time.Duration;

import io.sluice.dedup.state.OnStateLoss;
import io.sluice.dedup.store.ClaimLayout;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dedup-service's settings ({@code sluice.dedup.*}; environment {@code SLUICE_DEDUP_REDISURI}, …).
 *
 * @param redisUri      Redis holding first sightings; give it {@code appendonly yes} and
 *                      {@code maxmemory-policy noeviction}, or duplicates pass after a restart or eviction.
 *                      With {@code redisCluster}, seed nodes of the cluster: URIs separated by commas
 * @param keyPrefix     in front of every Redis key, so several installations can share a Redis
 * @param redisTimeout  longest a batch's claims may take before the batch is retried
 * @param maxInFlight   input batches of one lane (a source partition) claimed or publishing at once,
 *                      in stream order, by the one replica serving the lane
 * @param lease         how long a lane stays with a replica that stopped renewing it: after a
 *                      replica died, its lanes wait this long before another replica takes them over
 * @param purgeInterval how often a lane removes the input it processed from the stream (keeping
 *                      each partition's last batch, where ingest resumes)
 * @param retryInitial  first wait after a lane failed (Redis or NATS unavailable)
 * @param retryMax      longest wait between retries (capped exponential backoff)
 * @param onStateLoss   what a lane does once Redis lost the first sightings it claimed (restart
 *                      without AOF, eviction, failover): {@code stop} (the default) until the pipeline
 *                      is paused and resumed, or {@code warn} and go on; status says so either way
 * @param stateCheckInterval how often Redis's run id, persistence, eviction policy and evictions
 *                      are looked at ({@code INFO}); a loss a lane's sentinel does not show (a
 *                      restart from an RDB snapshot, evictions) is found within this time
 * @param waitReplicas  Redis replicas that must hold a batch's claims before its output is
 *                      published ({@code WAIT}); 0 (the default) for a single Redis. With a replica
 *                      and failover, 1 keeps a failover from losing acknowledged claims
 *                      ({@link io.sluice.dedup.store.ReplicaAcks})
 * @param waitTimeout   longest a batch waits for them before it fails and is retried; shorter
 *                      than {@code redisTimeout}
 * @param redisCluster  whether {@code redisUri} is a Redis Cluster: keys then carry hash tags so that
 *                      each claim script's keys share a slot (see docs/dedup.md, "Redis Cluster");
 *                      the cluster's keys are not the single Redis's, so switching starts over
 * @param claimLayout   how claims are kept in Redis: {@code keys} (the default; a key per claim,
 *                      least Redis CPU) or {@code slices} (small hashes per half window, about a
 *                      quarter of the memory; see {@link ClaimLayout})
 */
@Validated
@ConfigurationProperties("sluice.dedup")
public record DedupProperties(
        @NotBlank @DefaultValue("redis://127.0.0.1:6379") String redisUri,
        @DefaultValue("sluice:") String keyPrefix,
        @NotNull @DefaultValue("5s") Duration redisTimeout,
        @Min(1) @DefaultValue("4") int maxInFlight,
        @NotNull @DefaultValue("10s") Duration lease,
        @NotNull @DefaultValue("10s") Duration purgeInterval,
        @NotNull @DefaultValue("500ms") Duration retryInitial,
        @NotNull @DefaultValue("30s") Duration retryMax,
        @NotNull @DefaultValue("stop") OnStateLoss onStateLoss,
        @NotNull @DefaultValue("2s") Duration stateCheckInterval,
        @Min(0) @DefaultValue("0") int waitReplicas,
        @NotNull @DefaultValue("1s") Duration waitTimeout,
        @DefaultValue("false") boolean redisCluster,
        @NotNull @DefaultValue("keys") ClaimLayout claimLayout) {

    /** The replicas' wait ends before the batch's own timeout, so a slow replica reads as such. */
    @AssertTrue(message = "wait-timeout must be shorter than redis-timeout")
    public boolean isWaitTimeoutWithinRedisTimeout() {
        return waitReplicas == 0 || waitTimeout == null || redisTimeout == null || waitTimeout.compareTo(redisTimeout) < 0;
    }
}
