package io.sluice.api.distribution;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.PipelineControl;
import io.sluice.testsupport.LocalEndpoints;

/**
 * What a worker sees: its own NATS connection watching the definitions bucket, as the workers
 * will, keeping the latest value (or delete marker) of every key.
 */
final class WorkerView implements AutoCloseable {

    private final Connection connection;

    private final NatsKeyValueWatchSubscription watch;

    private final Map<String, KeyValueEntry> latest = new ConcurrentHashMap<>();

    private final List<KeyValueEntry> seen = new CopyOnWriteArrayList<>();

    private WorkerView(Connection connection, String bucket) throws IOException, JetStreamApiException,
            InterruptedException {
        this.connection = connection;
        KeyValue kv = connection.keyValue(bucket);
        this.watch = kv.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                seen.add(entry);
                latest.put(entry.getKey(), entry);
            }

            @Override
            public void endOfData() {
            }
        });
    }

    static WorkerView watching(String bucket) throws Exception {
        return new WorkerView(Nats.connect(LocalEndpoints.fromEnvironment().natsUrl()), bucket);
    }

    /** The control value the worker last saw for the pipeline, or null (none, or deleted). */
    PipelineControl control(String pipelineId) {
        KeyValueEntry entry = latest.get(pipelineId);
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
            return null;
        }
        return ControlJson.readControl(entry.getValue());
    }

    boolean sawDeleteOf(String pipelineId) {
        KeyValueEntry entry = latest.get(pipelineId);
        return entry != null && entry.getOperation() == KeyValueOperation.DELETE;
    }

    int updatesOf(String pipelineId) {
        return (int) seen.stream().filter(entry -> entry.getKey().equals(pipelineId)).count();
    }

    @Override
    public void close() throws InterruptedException {
        watch.unsubscribe();
        connection.close();
    }
}
