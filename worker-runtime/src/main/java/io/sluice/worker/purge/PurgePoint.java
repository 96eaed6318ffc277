package io.sluice.worker.purge;

/**
 * Where the early purge of one subject stops. Pure.
 *
 * <p>A stage removes its input once it processed it durably, so that a busy pipeline does not
 * fill the stream's byte limit (which would make JetStream refuse new batches and stall ingest)
 * long before the stream's maximum age would have removed the data. The one message that must
 * stay is the last one of each ingest subject: ingest resumes a Kafka partition from the offset
 * in that message's header (JetStream last-message-by-subject), so removing it would make ingest
 * start the partition over. Likewise the last message of each dedup output subject: a dedup lane
 * taken over resumes publishing after the input that message names.
 */
public final class PurgePoint {

    /** Returned when nothing may be removed. */
    public static final long NOTHING = 0;

    private PurgePoint() {
    }

    /**
     * The sequence to purge below (JetStream removes the messages of the subject with a smaller
     * sequence, keeping this one), or {@link #NOTHING}.
     *
     * @param processedSeq every message of the subject up to this sequence is processed durably
     * @param lastSeqOfSubject the subject's last message, or 0 if it holds none
     * @param keepLast whether the subject's last message must stay (an ingest or dedup output subject)
     */
    public static long below(long processedSeq, long lastSeqOfSubject, boolean keepLast) {
        if (processedSeq < 1) {
            return NOTHING;
        }
        long below = processedSeq + 1;
        if (keepLast) {
            if (lastSeqOfSubject < 1) {
                return NOTHING;
            }
            below = Math.min(below, lastSeqOfSubject);
        }
        return below > 1 ? below : NOTHING;
    }
}
