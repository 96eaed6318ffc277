package io.sluice.dedup.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How many Redis replicas must hold a batch's claims before the store answers them
 * ({@code WAIT replicas timeout} after the claims, on the same connection). Redis replicates
 * asynchronously: without this, a master that dies after answering can take claims with it, and
 * after a failover their duplicates pass. With it, a batch whose claims did not reach the replicas
 * in time fails and is retried (a retried claim finds its own position, so the record is still
 * first), and its output is published only after they did.
 *
 * @param replicas replicas that must acknowledge; 0 waits for none (a single Redis)
 * @param timeout  longest wait for them, per batch
 */
public record ReplicaAcks(int replicas, Duration timeout) {

    public static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ZERO);

    public ReplicaAcks {
        Objects.requireNonNull(timeout, "timeout");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
        }
        if (replicas > 0 && timeout.toMillis() < 1) {
            throw new IllegalArgumentException("a wait for " + replicas + " replicas needs a timeout of 1ms or more");
        }
    }

    boolean required() {
        return replicas > 0;
    }
}
