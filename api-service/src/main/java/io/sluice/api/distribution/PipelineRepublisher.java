package io.sluice.api.distribution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sluice.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes every pipeline PostgreSQL holds to the definitions bucket, so the bucket recovers from
 * being wiped: when the api-service is ready, whenever NATS (re)connects afterwards, and when the
 * definitions bucket had to be created again. Runs on its own thread, one republish at a time;
 * requests arriving meanwhile fold into one more run.
 */
@Component
class PipelineRepublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PipelineRepublisher.class);

    private final ObjectProvider<DistributableCatalog> catalog;

    private final NatsPipelineDistributor distributor;

    private final ExecutorService executor = DaemonThreads.single("sluice-republish");

    private final AtomicBoolean ready = new AtomicBoolean();

    private final AtomicBoolean queued = new AtomicBoolean();

    PipelineRepublisher(ObjectProvider<DistributableCatalog> catalog, NatsPipelineDistributor distributor) {
        this.catalog = catalog;
        this.distributor = distributor;
    }

    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        ready.set(true);
        request("start-up");
    }

    @EventListener
    void natsConnected(NatsConnectionListener.NatsConnected event) {
        request("NATS connected");
    }

    @EventListener
    void definitionsBucketCreated(ControlBuckets.DefinitionsBucketCreated event) {
        request("bucket " + event.bucket() + " created");
    }

    /** Asks for a republish; before the application is ready this does nothing (start-up does it). */
    Future<?> request(String reason) {
        if (!ready.get() || !queued.compareAndSet(false, true)) {
            return null;
        }
        return executor.submit(() -> {
            queued.set(false);
            republishNow(reason);
        });
    }

    /** Republishes on the calling thread. */
    void republishNow(String reason) {
        DistributableCatalog pipelines = catalog.getIfAvailable();
        if (pipelines == null) {
            log.info("No pipeline catalog in this application: nothing to republish ({})", reason);
            return;
        }
        try {
            NatsPipelineDistributor.RepublishReport report = distributor.republish(pipelines::all);
            log.info("Republished the pipelines to NATS ({}): {}", reason, report);
        } catch (RuntimeException e) {
            // PostgreSQL unreachable, most likely: the next (re)connection or restart tries again.
            log.error("Republishing the pipelines to NATS failed ({})", reason, e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
