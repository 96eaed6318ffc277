package io.sluice.sink.progress;

/**
 * An insert that is about to happen or happening: the stream sequences it covers, who does it and
 * until when that replica holds it. Written before the insert, so whoever finds it unfinished
 * replays exactly this range and produces the identical block, which ClickHouse deduplicates.
 *
 * @param fromSeq         first stream sequence of the block (inclusive)
 * @param toSeq           last stream sequence of the block (inclusive)
 * @param owner           replica doing the insert
 * @param leaseUntilMillis after this instant another replica may take the insert over
 */
public record Intent(long fromSeq, long toSeq, String owner, long leaseUntilMillis) {

    public Intent {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("invalid sequence range " + fromSeq + "-" + toSeq);
        }
    }

    /**
     * The insert_deduplication_token of this block. Derived from the range only, so a replay by
     * any replica carries the same token.
     */
    public String token(String lane) {
        return lane + ":" + fromSeq + "-" + toSeq;
    }

    Intent withLease(String newOwner, long newLeaseUntilMillis) {
        return new Intent(fromSeq, toSeq, newOwner, newLeaseUntilMillis);
    }
}
