package io.sluice.model.json;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The JSON factory of the stages that parse every event (ingest's check, the sink's row encoding).
 *
 * <p>Jackson 3's defaults (strict JSON, bounded nesting, number and string lengths, so a hostile
 * record fails with a reason rather than an OutOfMemoryError), with one change: each thread keeps
 * its own parse buffers. Jackson's default pool hands buffers out through a shared lock-free
 * deque, whose atomic operations the services' C1-compiled code runs with reflective type checks:
 * about 4% of ingest's samples in a benchmark profile (2026-12-07) took and returned the buffers
 * of a 300-byte event's parse. Parsing such an event alone, with the services' JVM options: about
 * 1,575 ns with the shared pool, 1,520 with this one. A stage parses on long-lived threads (ingest
 * a consumer thread per source, the sink a lane thread per pipeline), which is what a per-thread
 * pool suits; each thread holds its buffers through a soft reference, so the sink's hundreds of
 * idle lane threads give theirs back when the heap runs short.
 */
public final class EventJson {

    public static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

    private EventJson() {
    }
}
