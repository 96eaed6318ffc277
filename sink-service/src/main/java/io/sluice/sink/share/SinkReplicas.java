package io.sluice.sink.share;

import java.util.Set;

/** Where the sink replicas announce that they are alive, so that each knows how many share the lanes. */
interface SinkReplicas {

    /** Records that {@code replica} is alive at {@code nowMillis}. */
    void beat(String replica, long nowMillis) throws Exception;

    /** The replicas whose last heartbeat came after {@code afterMillis}. */
    Set<String> aliveAfter(long afterMillis) throws Exception;
}
