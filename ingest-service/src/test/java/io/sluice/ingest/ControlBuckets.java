package io.sluice.ingest;

import java.time.Duration;
import java.time.Instant;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.sluice.model.control.Component;
import io.sluice.model.control.ControlJson;
import io.sluice.model.control.ControlKeys;
import io.sluice.model.control.DesiredState;
import io.sluice.model.control.PipelineControl;
import io.sluice.model.control.WorkerStatus;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.nats.NatsNames;

/**
 * The definitions and status buckets of a test's NATS prefix, used as the api-service uses them:
 * control values in, worker status out.
 */
public final class ControlBuckets {

    private final Connection nats;

    private final NatsNames names;

    private final KeyValue definitions;

    private final KeyValue status;

    private ControlBuckets(Connection nats, NatsNames names) throws Exception {
        this.nats = nats;
        this.names = names;
        this.definitions = nats.keyValue(names.definitionsBucket());
        this.status = nats.keyValue(names.statusBucket());
    }

    /** Creates the buckets, as the api-service does in production. */
    public static ControlBuckets create(Connection nats, NatsNames names) throws Exception {
        var kvm = nats.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(names.definitionsBucket()).maxHistoryPerKey(1).build());
        kvm.create(KeyValueConfiguration.builder().name(names.statusBucket()).maxHistoryPerKey(1)
                .ttl(Duration.ofMinutes(1)).build());
        return new ControlBuckets(nats, names);
    }

    public void put(PipelineDefinition definition, DesiredState state, long revision) throws Exception {
        definitions.put(ControlKeys.definitionKey(definition.id()),
                ControlJson.write(new PipelineControl(definition, state, revision, Instant.now())));
    }

    public void delete(String pipelineId) throws Exception {
        definitions.delete(pipelineId);
    }

    /** What the ingest replica reports for a pipeline, or null. */
    public WorkerStatus status(String pipelineId, String replicaId) throws Exception {
        KeyValueEntry entry = status.get(ControlKeys.statusKey(pipelineId, Component.INGEST, replicaId));
        return entry == null || entry.getValue() == null ? null : ControlJson.readStatus(entry.getValue());
    }

    public void remove() throws Exception {
        nats.keyValueManagement().delete(names.definitionsBucket());
        nats.keyValueManagement().delete(names.statusBucket());
    }
}
