package io.sluice.sink.share;

/**
 * How many of the sink's lanes one replica should hold when {@code replicas} replicas run
 * {@code lanes} lanes between them (every sink replica runs every pipeline's lanes). Pure.
 *
 * <p>A replica above {@code ceil(lanes / replicas)} hands lanes over, and takes a lane nobody
 * holds at once only below it; a replica so far below it that another must be above looks often
 * for lanes handed over. Otherwise a replica is steady: 5 lanes on 2 replicas settle as 3 and 2.
 */
record LaneShare(int lanes, int replicas) {

    LaneShare {
        replicas = Math.max(1, replicas);
    }

    /** Whether a replica holding {@code held} lanes takes one nobody holds at once. */
    boolean hasRoom(int held) {
        return held < most();
    }

    /** Whether a replica holding {@code held} lanes hands one over. */
    boolean surplus(int held) {
        return held > most();
    }

    /**
     * Whether a replica holding {@code held} lanes is short of its share and looks often for lanes
     * handed over: only when the others then hold more than their shares allow, so that one of them
     * is certain to hand a lane over (4 lanes on 3 replicas may settle as 2, 2 and 0).
     */
    boolean wanting(int held) {
        return replicas > 1 && held < lanes - (replicas - 1) * most();
    }

    private int most() {
        return (lanes + replicas - 1) / replicas;
    }
}
