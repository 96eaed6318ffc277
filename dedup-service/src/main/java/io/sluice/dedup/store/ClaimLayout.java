package io.sluice.dedup.store;

/**
 * How a source's claims are kept in Redis ({@code SLUICE_DEDUP_CLAIMLAYOUT}); see
 * {@link RedisKeyLayout} and docs/dedup.md, "Memory per key".
 */
public enum ClaimLayout {

    /**
     * One Redis key per claim, {@code SET NX GET PX window}: the least Redis CPU per claim (about
     * 5 µs here), about 180 bytes of Redis memory per claim alive. The default.
     */
    KEYS,

    /**
     * Claims as fields of small hashes, one set per half window: about 40 bytes per claim, at
     * about two to three times the Redis CPU per claim (a claim looks into each live slice). For
     * long windows, where Redis's memory is the cost. Switching from {@link #KEYS} keeps the claims
     * (a claim also looks for the key of the per-key layout for one window); switching back does
     * not: the per-key layout does not read the hashes.
     */
    SLICES

}
