package io.sluice.worker.control;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.sluice.concurrent.DaemonThreads;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.PipelineControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the definitions bucket and hands every pipeline's control value to the {@link PipelineHost}.
 * The api-service owns the bucket; until it exists (api-service not started yet) this waits for
 * it rather than creating it with settings of its own. Stopping drains every hosted pipeline
 * before Spring closes the NATS connection ({@link SmartLifecycle} stops this first).
 */
public final class ControlWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControlWatcher.class);
    private static final Duration BUCKET_POLL = Duration.ofSeconds(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final String bucket;
    private final PipelineHost host;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduled("control-watcher");
    private volatile NatsKeyValueWatchSubscription subscription;
    private volatile boolean running;
    private boolean waitingLogged;

    public ControlWatcher(Connection connection, String bucket, PipelineHost host) {
        this.connection = connection;
        this.bucket = bucket;
        this.host = host;
    }

    @Override
    public void start() {
        running = true;
        scheduler.execute(this::subscribe);
    }

    private void subscribe() {
        if (!running) {
            return;
        }
        try {
            connection.keyValueManagement().getStatus(bucket);
            subscription = connection.keyValue(bucket).watchAll(new Watcher());
            log.info("Watching pipeline definitions in KV bucket {}", bucket);
        } catch (JetStreamApiException | IOException e) {
            if (!running) {
                return;
            }
            if (!waitingLogged) {
                log.info("Waiting for KV bucket {} (the api-service creates it): {}", bucket, e.getMessage());
                waitingLogged = true;
            }
            scheduler.schedule(this::subscribe, BUCKET_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        NatsKeyValueWatchSubscription current = subscription;
        if (current != null) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                log.debug("Unsubscribing the definitions watch failed: {}", e.toString());
            }
        }
        host.stopAll(DRAIN_TIMEOUT);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Watcher implements KeyValueWatcher {

        @Override
        public void watch(KeyValueEntry entry) {
            if (entry.getOperation() != KeyValueOperation.PUT) {
                host.onControl(entry.getKey(), null);
                return;
            }
            PipelineControl control;
            try {
                control = ControlJson.readControl(entry.getValue());
            } catch (RuntimeException e) {
                // A value this version cannot read must not stop the others: skip it, loudly.
                log.error("Ignoring unreadable control value for pipeline {} (revision {}): {}",
                        entry.getKey(), entry.getRevision(), e.getMessage());
                return;
            }
            host.onControl(entry.getKey(), control);
        }

        @Override
        public void endOfData() {
            log.debug("Initial pipeline definitions of bucket {} received", bucket);
        }
    }
}
