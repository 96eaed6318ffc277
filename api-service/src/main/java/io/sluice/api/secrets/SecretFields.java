package io.sluice.api.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * Visits every secret of a definition: each source's Kafka password and CA certificate, and the
 * ClickHouse password. Absent and empty secrets are left alone; they reveal nothing.
 */
public final class SecretFields {

    private SecretFields() {
    }

    /** A copy of the definition with every set secret replaced by what {@code replace} returns for it. */
    public static PipelineDefinition map(PipelineDefinition definition, BiFunction<SecretField, String, String> replace) {
        List<SourceDefinition> sources = new ArrayList<>();
        for (int i = 0; i < definition.sources().size(); i++) {
            SourceDefinition source = definition.sources().get(i);
            sources.add(source == null || source.connection() == null ? source : source(source, i, replace));
        }
        SinkDefinition sink = definition.sink();
        if (sink != null) {
            sink = new SinkDefinition(sink.url(), sink.database(), sink.username(),
                    apply(replace, new SecretField(SecretReuse.SINK_PASSWORD, "$.sink.password"), sink.password()),
                    sink.table(), sink.maxBatchSize(), sink.maxDelay(), sink.mapping(), sink.allowAtLeastOnce());
        }
        return new PipelineDefinition(definition.id(), definition.name(), sources, definition.join(),
                definition.filter(), sink);
    }

    private static SourceDefinition source(SourceDefinition source, int index,
            BiFunction<SecretField, String, String> replace) {
        String key = sourceKey(source, index);
        String path = "$.sources[" + index + "].connection.";
        KafkaConnection connection = source.connection();
        KafkaConnection replaced = new KafkaConnection(connection.brokers(), connection.securityProtocol(),
                connection.saslMechanism(), connection.username(),
                apply(replace, new SecretField(key + "password", path + "password"), connection.password()),
                apply(replace, new SecretField(key + "caCertificatePem", path + "caCertificatePem"),
                        connection.caCertificatePem()),
                connection.skipTlsVerification());
        return new SourceDefinition(source.id(), replaced, source.topic(), source.initialOffset(), source.schema(),
                source.dedup());
    }

    /** The key prefix of a source's secrets: by id, so reordering sources keeps each one's secrets. */
    static String sourceKey(SourceDefinition source, int index) {
        return "sources[" + (source.id() != null ? source.id() : "#" + index) + "].connection.";
    }

    private static String apply(BiFunction<SecretField, String, String> replace, SecretField field, String value) {
        return (value == null || value.isEmpty()) ? value : replace.apply(field, value);
    }

}
