package io.sluice.api.distribution;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import io.sluice.model.nats.NatsReplicas.ReplicasRefusedException;
import io.sluice.nats.JetStreamErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The two KV buckets between the api-service and the workers, created or updated (never deleted and
 * re-created: that would lose every value) before their first use, and again after any failure, so
 * a bucket wiped while the api-service runs comes back.
 */
@Component
class ControlBuckets {

    private static final Logger log = LoggerFactory.getLogger(ControlBuckets.class);

    // NATS refuses larger messages by default (max_payload); a definition body is limited to 1 MiB too.
    static final int MAX_DEFINITION_BYTES = 1024 * 1024;

    static final int MAX_STATUS_BYTES = 64 * 1024;

    // A replica writes an unchanged report every quarter of this (5 minutes; 15 s when it was 1
    // minute, until 2026-12-06), its heartbeat keeping the report current in between, so idle
    // pipelines cost NATS no status write per heartbeat. What the API shows does not depend on it: a
    // report neither written nor vouched for within a minute is left out (CurrentReports). It only
    // bounds how long a dead replica's keys stay. An existing bucket is updated to it at start-up.
    static final Duration STATUS_TTL = Duration.ofMinutes(20);

    private final Connection connection;

    private final NatsNames names;

    private final NatsReplicas replicas;

    private final ApplicationEventPublisher events;

    private volatile KeyValue definitions;

    ControlBuckets(Connection connection, NatsNames names, NatsReplicas replicas, ApplicationEventPublisher events) {
        this.connection = connection;
        this.names = names;
        this.replicas = replicas;
        this.events = events;
    }

    /** The definitions bucket, with both buckets created or updated first if not done since the last failure. */
    KeyValue definitions() {
        KeyValue ready = definitions;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (definitions == null) {
                requireConnected();
                try {
                    boolean created = createOrUpdate(definitionsConfiguration());
                    createOrUpdate(statusConfiguration());
                    definitions = connection.keyValue(names.definitionsBucket());
                    if (created) {
                        events.publishEvent(new DefinitionsBucketCreated(names.definitionsBucket()));
                    }
                } catch (IOException | JetStreamApiException | ReplicasRefusedException e) {
                    throw new ControlBucketUnavailableException("Could not create or update the KV buckets: " + e.getMessage(), e);
                }
            }
            return definitions;
        }
    }

    /** Creates the buckets at start-up, so workers find them and the health is UP before the first change. */
    @EventListener(ApplicationReadyEvent.class)
    void createAtStartUp() {
        try {
            definitions();
        } catch (ControlBucketUnavailableException e) {
            if (e.getCause() instanceof ReplicasRefusedException) {
                // A setting to correct: retrying on each change will not help.
                log.error("KV buckets not created at start-up: {}", e.getMessage());
            } else {
                log.warn("KV buckets not created at start-up ({}); they will be on the first change", e.getMessage());
            }
        }
    }

    /** Forget that the buckets are ready: the next use checks them again. */
    void invalidate() {
        definitions = null;
    }

    /** Whether NATS is connected and both buckets exist; never creates them. */
    boolean available() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return false;
        }
        try {
            KeyValueManagement management = connection.keyValueManagement();
            management.getBucketInfo(names.definitionsBucket());
            management.getBucketInfo(names.statusBucket());
            return true;
        } catch (IOException | JetStreamApiException e) {
            return false;
        }
    }

    String definitionsBucket() {
        return names.definitionsBucket();
    }

    String statusBucket() {
        return names.statusBucket();
    }

    void requireConnected() {
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            // Fail at once instead of waiting for a request time-out: the caller is a REST request.
            throw new ControlBucketUnavailableException("NATS is not connected (" + status + ")", null);
        }
    }

    private KeyValueConfiguration definitionsConfiguration() {
        return KeyValueConfiguration.builder()
                .name(names.definitionsBucket())
                .description("Sluice pipeline definitions and desired states, written by the api-service")
                .maxHistoryPerKey(1)
                .maximumValueSize(MAX_DEFINITION_BYTES)
                .storageType(StorageType.File)
                .replicas(replicas.count())
                .build();
    }

    private KeyValueConfiguration statusConfiguration() {
        return KeyValueConfiguration.builder()
                .name(names.statusBucket())
                .description("Sluice worker status and heartbeats, written by the workers")
                .maxHistoryPerKey(1)
                .maximumValueSize(MAX_STATUS_BYTES)
                .ttl(STATUS_TTL)
                .storageType(StorageType.File)
                .replicas(replicas.count())
                .build();
    }

    /** @return true when the bucket did not exist and was created */
    private boolean createOrUpdate(KeyValueConfiguration configuration) throws IOException, JetStreamApiException {
        KeyValueManagement management = connection.keyValueManagement();
        String bucket = configuration.getBucketName();
        try {
            requireReplicasHeld(management.getBucketInfo(bucket));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                management.create(configuration);
                log.info("Created KV bucket {}", bucket);
                return true;
            } catch (JetStreamApiException raced) {
                if (JetStreamErrors.replicasNotSupported(raced)) {
                    throw replicas.refused("KV bucket", bucket, raced);
                }
                // Another api-service replica created it in between: fall through to the update.
                log.debug("KV bucket {} appeared while creating it: {}", bucket, raced.getMessage());
                if (replicas.count() > 1) {
                    requireReplicasHeld(management.getBucketInfo(bucket));
                }
            }
        }
        management.update(configuration);
        return false;
    }

    // A single server accepts raising an existing bucket's replicas and then keeps one copy while
    // reporting more: refuse before updating, so a bucket never claims copies that do not exist.
    private void requireReplicasHeld(KeyValueStatus existing) {
        replicas.requireHeldBy(existing.getBackingStreamInfo().getClusterInfo() != null, "KV bucket", existing.getBucketName());
    }

    /** Published when the definitions bucket had to be created: a new installation, or a wiped one. */
    record DefinitionsBucketCreated(String bucket) {
    }
}
