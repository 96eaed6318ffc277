package io.sluice.sink.progress;

/**
 * How far one sink lane has written into ClickHouse, and which replica works on it.
 *
 * @param committedSeq    every stream sequence up to this one is in ClickHouse (0: nothing yet)
 * @param intent          the insert in flight, or null
 * @param holder          the replica that wrote the lane's last intent or commit and goes on
 *                        reading it; the others stand by until {@code heldUntilMillis}. Null when
 *                        none holds it (released at a stop, handed over to a replica with fewer lanes,
 *                        or written by versions before 2026-12-06, which ignore these two fields and
 *                        read and race as before)
 * @param heldUntilMillis until when the holder's claim lasts unless renewed: each intent and commit
 *                        it writes renews it, so it lapses only when the holder stopped working.
 *                        Without a holder: when the lane was handed over (0 when released at a stop)
 */
public record Progress(long committedSeq, Intent intent, String holder, long heldUntilMillis) {

    public static final Progress START = new Progress(0, null);

    public Progress(long committedSeq, Intent intent) {
        this(committedSeq, intent, null, 0);
    }

    /** The next block starts after the committed sequence; an unfinished intent comes first. */
    public long nextFromSeq() {
        return committedSeq + 1;
    }

    /** The same committed sequence with {@code newIntent} in flight, held by the intent's owner until its lease ends. */
    public Progress withIntentOf(Intent newIntent) {
        return new Progress(committedSeq, newIntent, newIntent.owner(), newIntent.leaseUntilMillis());
    }

    /** {@code done} is in ClickHouse; {@code replica}, which inserted it, goes on holding the lane until {@code untilMillis}. */
    public static Progress committed(Intent done, String replica, long untilMillis) {
        return new Progress(done.toSeq(), null, replica, untilMillis);
    }

    /**
     * {@code done} is in ClickHouse and its replica hands the lane over at {@code atMillis} (it holds
     * more than its share): nobody holds it, and the replicas below their share take it first.
     */
    public static Progress handedOver(Intent done, long atMillis) {
        return new Progress(done.toSeq(), null, null, atMillis);
    }

    /** The same progress with no holder: the next replica to read the lane may take it at once. */
    public Progress released() {
        return new Progress(committedSeq, intent, null, 0);
    }

    /** Whether a replica other than {@code me} holds the lane at {@code nowMillis}. */
    boolean heldByAnotherThan(String me, long nowMillis) {
        return holder != null && !holder.equals(me) && heldUntilMillis > nowMillis;
    }
}
