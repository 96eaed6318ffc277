package io.sluice.worker.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Notices, from one heartbeat to the next, that a replica now talks to another server of a
 * cluster than before (NATS moved it after the server was lost or shut down), and says so as a
 * warning for a while. A node loss in a cluster is then one sentence in status per replica, not an
 * error: the pipeline works on. Not thread-safe: the status reporter's one thread uses it.
 */
final class ServerMoves {

    /** How long a move stays a warning: long enough for a person watching status to see it. */
    static final Duration SHOWN_FOR = Duration.ofMinutes(5);

    private record Move(String from, String to, Instant at) {
    }

    private final Map<String, String> current = new LinkedHashMap<>();

    private final Map<String, Move> moves = new LinkedHashMap<>();

    /** The server of {@code kind} (e.g. "NATS") this replica talks to now; null when none. */
    void observe(String kind, String server, Instant now) {
        if (server == null) {
            return;
        }
        String before = this.current.put(kind, server);
        if (before != null && !Objects.equals(before, server)) {
            this.moves.put(kind, new Move(before, server, now));
        }
    }

    /** One sentence per kind whose server changed within {@link #SHOWN_FOR}. */
    List<String> warnings(Instant now) {
        List<String> warnings = new ArrayList<>();
        this.moves.entrySet().removeIf((entry) -> entry.getValue().at().plus(SHOWN_FOR).isBefore(now));
        this.moves.forEach((kind, move) -> warnings.add(kind + " server " + move.from() + " was lost or left at "
                + move.at() + "; this replica went on with " + move.to()));
        return warnings;
    }
}
