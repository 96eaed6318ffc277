package io.sluice.api.removal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which pipeline a Redis key belongs to, in the key spaces the dedup-service and the join-service
 * write under a key prefix: {@code <prefix>dedup:<pipeline>:…} (first sightings),
 * {@code <prefix>dedup-sentinel:<pipeline>:…} (a lane's state-loss sentinel),
 * {@code {<prefix>dedup:<pipeline>:…} (first sightings on a Redis Cluster, a hash tag per bucket),
 * {@code {<prefix>join:<pipeline>:…} (join state per shard) and {@code <prefix>join:<pipeline>:…}.
 * Pipeline ids are slugs without {@code ':'}, so the id is what follows a space's start up to the
 * next {@code ':'}; the rest of a key (hash bytes) may hold anything. Pure.
 */
final class DedupKeySpaces {

    private final List<byte[]> spaces;
    private final String prefix;

    DedupKeySpaces(String prefix) {
        this.prefix = prefix;
        this.spaces = List.of(prefix + "dedup:", prefix + "dedup-sentinel:", "{" + prefix + "dedup:", "{" + prefix + "join:",
                prefix + "join:").stream().map((space) -> space.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The pipeline whose key this is, or null for a key of none (another prefix, another kind of key). */
    String pipelineOf(byte[] key) {
        for (byte[] space : this.spaces) {
            if (key.length > space.length && Arrays.equals(key, 0, space.length, space, 0, space.length)) {
                for (int end = space.length; end < key.length; end++) {
                    if (key[end] == ':') {
                        return end == space.length ? null : new String(key, space.length, end - space.length, StandardCharsets.UTF_8);
                    }
                }
                return null;
            }
        }
        return null;
    }

    /**
     * A {@code SCAN MATCH} pattern that lets through every key of the pipelines, for the server to
     * filter before the keys travel: one pipeline's keys all hold {@code :<pipeline>:}; for several,
     * only the prefix is common to them.
     */
    String candidates(Collection<String> pipelineIds) {
        if (pipelineIds.size() == 1) {
            return "*" + escapeGlob(":" + pipelineIds.iterator().next() + ":") + "*";
        }
        return this.prefix.isEmpty() ? "*" : "*" + escapeGlob(this.prefix) + "*";
    }

    private static String escapeGlob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
