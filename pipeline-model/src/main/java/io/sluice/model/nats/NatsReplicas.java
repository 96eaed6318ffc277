package io.sluice.model.nats;

/**
 * How many copies JetStream keeps of every stream and KV bucket Sluice creates
 * ({@code sluice.nats.replicas}, environment {@code SLUICE_NATS_REPLICAS}): 1 on a single NATS
 * server, 3 on a three-server cluster, so that one server lost loses no batch and no progress.
 *
 * <p>A single server refuses to create a stream with more than one replica, but accepts raising an
 * existing stream's count and then keeps one copy while reporting three. Every stream and bucket is
 * therefore checked before it is updated too: a stream's info carries cluster information only when
 * its server is part of a cluster.
 */
public record NatsReplicas(int count) {

    /** JetStream's own limit. */
    public static final int MAX = 5;

    /** The environment variable that sets it, named in every refusal. */
    public static final String SETTING = "SLUICE_NATS_REPLICAS";

    /** The default, and what a single server holds. */
    public static final NatsReplicas ONE = new NatsReplicas(1);

    public NatsReplicas {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("sluice.nats.replicas must be between 1 and " + MAX + " (JetStream's limit), not "
                    + count);
        }
    }

    /**
     * Before a stream or bucket that exists is updated to this count.
     *
     * @param clustered whether the server described it with cluster information
     * @throws ReplicasRefusedException if more than one copy is asked of a single server
     */
    public void requireHeldBy(boolean clustered, String kind, String name) {
        if (count > 1 && !clustered) {
            throw refused(kind, name, null);
        }
    }

    /**
     * The refusal to report for a stream or bucket ({@code kind} "stream" or "KV bucket") a single server cannot replicate:
     * before an update ({@link #requireHeldBy}), or when a create was answered with nats-support's
     * {@code JetStreamErrors.replicasNotSupported}.
     */
    public ReplicasRefusedException refused(String kind, String name, Throwable cause) {
        return new ReplicasRefusedException("NATS refused " + count + " replicas for " + kind + " " + name
                + ": a single server holds only 1 (set " + SETTING + "=1)", cause);
    }

    /**
     * A stream or bucket could not be given the configured replica count: a setting to correct, not a
     * NATS outage to wait out.
     */
    public static final class ReplicasRefusedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        ReplicasRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
