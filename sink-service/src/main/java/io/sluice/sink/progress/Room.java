package io.sluice.sink.progress;

import java.util.Set;

/**
 * What a replica that finds a lane nobody holds needs to know to decide whether it takes it: the
 * sink replicas share the lanes out, so one that already serves its share leaves a lane another
 * handed over to the replicas below theirs (see {@link ProgressPlanner}).
 *
 * @param belowShare  this replica holds fewer lanes than its share and takes any lane nobody holds
 * @param alive       the sink replicas whose heartbeat is recent: a lapsed hold of one that is not
 *                    among them (it died) is taken at once by anyone
 * @param graceMillis how long a lane must have been free before a replica at its share takes it
 *                    anyway: no lane waits for a replica below its share that never comes
 */
public record Room(boolean belowShare, Set<String> alive, long graceMillis) {

    /** Any lane nobody holds may be taken at once: one replica, or nothing known of the others. */
    public static final Room ANY = new Room(true, Set.of(), 0);

    public Room {
        alive = Set.copyOf(alive);
    }
}
