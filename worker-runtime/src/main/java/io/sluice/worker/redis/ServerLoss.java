package io.sluice.worker.redis;

import java.time.Instant;

/** A loss of state the {@link RedisServerWatch} found, with when and why. */
public record ServerLoss(Instant at, String reason) {
}
