package io.sluice.api.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Names of replicas a person can read and tell apart: {@code ingest @ myhost · 3f9a}, the component,
 * the host or container it runs on, and a short id. The full replica id (e.g. {@code 4711_myhost},
 * a process id and a host name) stays in the API and the page's title attribute. Pure.
 *
 * <p>The short id is the start of a hash of the replica id, the same on every api-service; among
 * the replicas of one component of a pipeline it is lengthened until no two names are alike, so two
 * replicas on one host always differ.
 */
final class ReplicaNames {

    private static final int SHORT = 4;

    private ReplicaNames() {
    }

    /** A replica as named here: its id, and its host as it reported it (null from versions that did not). */
    record Replica(String replicaId, String host) {
    }

    /** By replica id, the name of each of one component's replicas of one pipeline. */
    static Map<String, String> of(String component, List<Replica> replicas) {
        Map<String, String> hashes = new HashMap<>();
        replicas.forEach((replica) -> hashes.put(replica.replicaId(), hash(replica.replicaId())));
        int length = SHORT;
        Map<String, String> names = names(component, replicas, hashes, length);
        while (new java.util.HashSet<>(names.values()).size() < names.size() && length < 64) {
            length += 2;
            names = names(component, replicas, hashes, length);
        }
        return names;
    }

    private static Map<String, String> names(String component, List<Replica> replicas, Map<String, String> hashes,
            int length) {
        Map<String, String> names = new HashMap<>();
        for (Replica replica : replicas) {
            String host = replica.host() == null || replica.host().isBlank() ? null : replica.host().strip();
            String shortId = hashes.get(replica.replicaId()).substring(0, length);
            // An earlier worker did not say its host: its id is all there is to show.
            names.put(replica.replicaId(), host == null ? component + " · " + replica.replicaId()
                    : component + " @ " + host + " · " + shortId);
        }
        return names;
    }

    private static String hash(String replicaId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(replicaId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
