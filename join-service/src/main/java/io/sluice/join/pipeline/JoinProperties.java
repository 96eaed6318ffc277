package io.sluice.join.pipeline;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The join-service's settings ({@code sluice.join.*}; environment {@code SLUICE_JOIN_REDISURI}, …).
 *
 * @param redisUri         Redis holding the join state; give it {@code appendonly yes} and
 *                         {@code maxmemory-policy noeviction}: waiting events live only there.
 *                         With {@code redisCluster}, seed nodes of the cluster: URIs separated by commas
 * @param keyPrefix        in front of every Redis key (the same as the dedup-service's, so the
 *                         api-service removes a deleted pipeline's keys of both)
 * @param redisTimeout     longest a batch's scripts may take before the batch is retried
 * @param shards           how many shards a pipeline's join state is split into (each is one Redis
 *                         Cluster slot and one join output subject); fixed once a pipeline has run
 * @param maxWaitingPerKey left events that may wait per key; the next goes to the dead letters
 * @param maxStateBytes    bytes of events a pipeline's join state may hold, split evenly over its
 *                         shards; an event past it goes to the dead letters
 * @param maxInFlight      input batches of one lane applied at once, in stream order
 * @param lease            how long a lane, or a shard's publishing, stays with a replica that
 *                         stopped renewing it
 * @param purgeInterval    how often a lane removes the input it applied from the stream
 * @param retryInitial     first wait after a lane failed (Redis or NATS unavailable)
 * @param retryMax         longest wait between retries (capped exponential backoff)
 * @param publishBatch     outbox entries published per step of a shard
 * @param stateCheckInterval how often Redis's run id, persistence, eviction policy and evictions
 *                         are looked at ({@code INFO}); a loss the shards' sentinels do not show (a
 *                         restart from an older RDB snapshot, evictions, a failover) is found
 *                         within this time
 * @param redisCluster     whether {@code redisUri} is a Redis Cluster; the keys are the same either
 *                         way, each shard's under one hash tag (see docs/join.md, "Redis Cluster")
 */
@Validated
@ConfigurationProperties("sluice.join")
public record JoinProperties(
        @NotBlank @DefaultValue("redis://127.0.0.1:6379") String redisUri,
        @DefaultValue("sluice:") String keyPrefix,
        @NotNull @DefaultValue("5s") Duration redisTimeout,
        @Min(1) @DefaultValue("16") int shards,
        @Min(1) @DefaultValue("1000") int maxWaitingPerKey,
        @NotNull @DefaultValue("256MB") DataSize maxStateBytes,
        @Min(1) @DefaultValue("4") int maxInFlight,
        @NotNull @DefaultValue("10s") Duration lease,
        @NotNull @DefaultValue("10s") Duration purgeInterval,
        @NotNull @DefaultValue("500ms") Duration retryInitial,
        @NotNull @DefaultValue("30s") Duration retryMax,
        @Min(1) @DefaultValue("2000") int publishBatch,
        @NotNull @DefaultValue("2s") Duration stateCheckInterval,
        @DefaultValue("false") boolean redisCluster) {
}
