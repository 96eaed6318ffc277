package io.sluice.dedup.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which claims of a batch go into which script. Pure.
 *
 * <p>One script's keys must share a bucket (on a Redis Cluster, a slot), so the claims are grouped
 * by bucket; inside a bucket they keep the batch's order and are cut into scripts of at most
 * {@code maxPerScript}, sent in that order. That order is all first-wins needs: every claim of a
 * key is in the key's bucket, so a later claim of a key always runs after an earlier one. Claims
 * of different buckets are different keys, with no order to keep between them.
 */
final class ClaimScripts {

    /**
     * @param bucket the bucket all of the script's claims are in
     * @param claims indexes into the batch, ascending
     */
    record Script(int bucket, int[] claims) {
    }

    private ClaimScripts() {
    }

    /**
     * @param bucketOfClaim each claim's bucket, in batch order
     * @return the scripts, by bucket and then in order; every claim in exactly one
     */
    static List<Script> plan(int[] bucketOfClaim, int buckets, int maxPerScript) {
        if (maxPerScript < 1) {
            throw new IllegalArgumentException("a script takes at least one claim, not " + maxPerScript);
        }
        int[] counts = new int[buckets];
        for (int bucket : bucketOfClaim) {
            counts[bucket]++;
        }
        int[][] members = new int[buckets][];
        for (int bucket = 0; bucket < buckets; bucket++) {
            members[bucket] = new int[counts[bucket]];
            counts[bucket] = 0;
        }
        for (int claim = 0; claim < bucketOfClaim.length; claim++) {
            int bucket = bucketOfClaim[claim];
            members[bucket][counts[bucket]++] = claim;
        }
        List<Script> scripts = new ArrayList<>();
        for (int bucket = 0; bucket < buckets; bucket++) {
            for (int from = 0; from < members[bucket].length; from += maxPerScript) {
                scripts.add(new Script(bucket,
                        Arrays.copyOfRange(members[bucket], from, Math.min(members[bucket].length, from + maxPerScript))));
            }
        }
        return scripts;
    }

}
