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
 * @param messages        how many messages of the lane the range holds, and
 * @param records         how many records they carry: what a replay checks before it inserts, so
 *                        that a range missing a message is never inserted as a smaller block
 *                        (0 in intents recorded by versions that did not record them)
 * @param recordedAtMillis when the intent was first recorded (kept when another replica takes it
 *                        over): a replay checks that ClickHouse still remembers blocks that old
 *                        (0 in intents recorded by versions that did not record it)
 */
public record Intent(long fromSeq, long toSeq, String owner, long leaseUntilMillis, int messages, long records,
        long recordedAtMillis) {

    public Intent {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("invalid sequence range " + fromSeq + "-" + toSeq);
        }
        if (messages < 0 || records < 0) {
            throw new IllegalArgumentException("negative counts " + messages + "/" + records);
        }
    }

    /** An intent whose block shape is unknown, as older versions recorded them. */
    public Intent(long fromSeq, long toSeq, String owner, long leaseUntilMillis) {
        this(fromSeq, toSeq, owner, leaseUntilMillis, 0, 0, 0);
    }

    /** Whether the block's shape was recorded, so that a replay can be checked against it. */
    public boolean hasShape() {
        return messages > 0;
    }

    /**
     * The insert_deduplication_token of this block. Derived from the range only, so a replay by
     * any replica carries the same token.
     */
    public String token(String lane) {
        return lane + ":" + fromSeq + "-" + toSeq;
    }

    Intent withLease(String newOwner, long newLeaseUntilMillis) {
        return new Intent(fromSeq, toSeq, newOwner, newLeaseUntilMillis, messages, records, recordedAtMillis);
    }
}
