package io.sluice.api.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.sluice.model.control.PipelineControl;

/**
 * A {@link ControlStore} in memory that can be made unreachable, to test what the distributor does
 * while NATS is down (the real store is tested against the real server).
 */
final class InMemoryControlStore implements ControlStore {

    private final Map<String, StoredControl> values = new LinkedHashMap<>();

    private final AtomicLong revisions = new AtomicLong();

    private volatile boolean reachable = true;

    private volatile int writes;

    void reachable(boolean reachable) {
        this.reachable = reachable;
    }

    int writes() {
        return writes;
    }

    synchronized PipelineControl value(String pipelineId) {
        StoredControl stored = values.get(pipelineId);
        return stored == null ? null : stored.control();
    }

    /** A write by somebody else, e.g. another api-service replica. */
    synchronized void putByOther(PipelineControl control) {
        values.put(control.pipelineId(), new StoredControl(revisions.incrementAndGet(), control));
    }

    @Override
    public synchronized void put(PipelineControl control) {
        check();
        writes++;
        values.put(control.pipelineId(), new StoredControl(revisions.incrementAndGet(), control));
    }

    @Override
    public synchronized void delete(String pipelineId) {
        check();
        writes++;
        values.remove(pipelineId);
        revisions.incrementAndGet();
    }

    @Override
    public synchronized Map<String, StoredControl> readAll() {
        check();
        return new LinkedHashMap<>(values);
    }

    @Override
    public synchronized boolean putIfUnchanged(PipelineControl control, long expectedRevision) {
        check();
        StoredControl current = values.get(control.pipelineId());
        if ((current == null ? 0 : current.revision()) != expectedRevision) {
            return false;
        }
        put(control);
        return true;
    }

    @Override
    public synchronized boolean deleteIfUnchanged(String pipelineId, long expectedRevision) {
        check();
        StoredControl current = values.get(pipelineId);
        if (current == null || current.revision() != expectedRevision) {
            return false;
        }
        delete(pipelineId);
        return true;
    }

    private void check() {
        if (!reachable) {
            throw new ControlBucketUnavailableException("NATS is not connected (DISCONNECTED)", null);
        }
    }
}
