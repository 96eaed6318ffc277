package io.sluice.sink.progress;

/**
 * How far one sink lane has written into ClickHouse.
 *
 * @param committedSeq every stream sequence up to this one is in ClickHouse (0: nothing yet)
 * @param intent       the insert in flight, or null
 */
public record Progress(long committedSeq, Intent intent) {

    public static final Progress START = new Progress(0, null);

    /** The next block starts after the committed sequence; an unfinished intent comes first. */
    public long nextFromSeq() {
        return committedSeq + 1;
    }

    /** The same committed sequence with {@code newIntent} in flight. */
    public Progress withIntentOf(Intent newIntent) {
        return new Progress(committedSeq, newIntent);
    }

    Progress committed(Intent done) {
        return new Progress(done.toSeq(), null);
    }
}
