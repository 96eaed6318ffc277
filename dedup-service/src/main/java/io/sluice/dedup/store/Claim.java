package io.sluice.dedup.store;

import java.util.Objects;

import io.sluice.dedup.decision.PartitionOffset;

/**
 * A record's claim to be the first with its key.
 *
 * @param canonicalKey the record's canonical dedup key (not copied: do not change it afterwards)
 * @param position the record's position, stored if the claim is first
 */
public record Claim(byte[] canonicalKey, PartitionOffset position) {

    public Claim {
        Objects.requireNonNull(canonicalKey, "canonicalKey");
        Objects.requireNonNull(position, "position");
    }

}
