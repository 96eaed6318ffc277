package io.sluice.model.control;

import java.util.regex.Pattern;

/**
 * The keys of the definitions and status KV buckets (bucket names are in
 * {@link io.sluice.model.nats.NatsNames}).
 *
 * <pre>
 * definitions bucket   &lt;pipelineId&gt;                        → {@link PipelineControl}
 * status bucket        &lt;pipelineId&gt;.&lt;component&gt;.&lt;replicaId&gt;  → {@link WorkerStatus}
 * status bucket        _replicas.&lt;component&gt;.&lt;replicaId&gt;     → {@link ReplicaHeartbeat}
 * </pre>
 *
 * NATS KV keys are {@code [-/_=.a-zA-Z0-9]+} and '.' separates tokens, so each part is a
 * non-empty token of {@code [-/_=a-zA-Z0-9]}: a pipeline id (a slug) always is one; a replica id
 * made from a host name may need {@link #replicaId(String)} first.
 */
public final class ControlKeys {

    private static final Pattern TOKEN = Pattern.compile("[-/_=a-zA-Z0-9]+");

    private static final Pattern NOT_TOKEN = Pattern.compile("[^-/_=a-zA-Z0-9]");

    private static final int MAX_REPLICA_ID = 64;

    private static final String REPLICA_HEARTBEATS = "_replicas";

    private ControlKeys() {
    }

    /** Key of a pipeline's {@link PipelineControl} in the definitions bucket. */
    public static String definitionKey(String pipelineId) {
        return token("pipeline id", pipelineId);
    }

    /** Key of one replica's {@link WorkerStatus} in the status bucket. */
    public static String statusKey(String pipelineId, Component component, String replicaId) {
        if (component == null) {
            throw new IllegalArgumentException("a component is required in a status key");
        }
        return token("pipeline id", pipelineId) + "." + component.json() + "." + token("replica id", replicaId);
    }

    /**
     * Key of one replica's {@link ReplicaHeartbeat} in the status bucket. {@code _replicas} is no
     * pipeline id (a pipeline id starts with a letter or digit), so no report's key starts like it.
     */
    public static String replicaHeartbeatKey(Component component, String replicaId) {
        if (component == null) {
            throw new IllegalArgumentException("a component is required in a heartbeat key");
        }
        return REPLICA_HEARTBEATS + "." + component.json() + "." + token("replica id", replicaId);
    }

    /** Whether a key of the status bucket is a {@link ReplicaHeartbeat}'s rather than a report's. */
    public static boolean isReplicaHeartbeatKey(String key) {
        return key.startsWith(REPLICA_HEARTBEATS + ".");
    }

    /** Filter matching the heartbeat keys of every replica. */
    public static String replicaHeartbeatKeys() {
        return REPLICA_HEARTBEATS + ".>";
    }

    /** Filter matching the status keys of every replica of every component of a pipeline. */
    public static String statusKeysOf(String pipelineId) {
        return token("pipeline id", pipelineId) + ".>";
    }

    /**
     * A replica id made from any name (a host name, a pod name): every character a KV key token
     * cannot hold becomes {@code _}, and it is cut to 64 characters.
     */
    public static String replicaId(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a replica needs a name");
        }
        String id = NOT_TOKEN.matcher(name).replaceAll("_");
        return (id.length() > MAX_REPLICA_ID) ? id.substring(0, MAX_REPLICA_ID) : id;
    }

    private static String token(String what, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("a " + what
                    + " in a KV key is letters, digits, '-', '/', '_' or '=', not \"" + value + "\"");
        }
        return value;
    }

}
