package io.sluice.join.state;

import java.time.Duration;

/**
 * @param leftWindow        how long a left event waits for a partner
 * @param rightWindow       how long a right event is kept for later left events
 * @param maxWaitingPerKey  left events that may wait per key; the next is refused (dead letter)
 * @param maxShardBytes     bytes of events a shard may hold; an event past it is refused
 */
public record JoinLimits(Duration leftWindow, Duration rightWindow, int maxWaitingPerKey, long maxShardBytes) {
}
