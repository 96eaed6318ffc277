package io.sluice.worker.lane;

import java.util.HashMap;
import java.util.Map;

/**
 * A replica's heartbeat for one pipeline: the later of its membership's time (written when it
 * joined the pipeline, and every few minutes) and its process's heartbeat (written every second
 * while any of its pipelines runs). A replica that left a pipeline has no membership of it; one
 * that died stops its process heartbeat, so it no longer counts as alive for any pipeline. A
 * replica of a version without process heartbeats writes its membership at every tick, which
 * counts as well. Pure.
 */
final class LaneMembers {

    private LaneMembers() {
    }

    /**
     * @param members   by replica, the time of its membership of the pipeline
     * @param processes by replica, the time of its process heartbeat
     * @return by member replica, its last heartbeat
     */
    static Map<String, Long> heartbeats(Map<String, Long> members, Map<String, Long> processes) {
        Map<String, Long> heartbeats = new HashMap<>(members.size());
        members.forEach((replica, joined) -> heartbeats.put(replica, Math.max(joined, processes.getOrDefault(replica, 0L))));
        return heartbeats;
    }
}
