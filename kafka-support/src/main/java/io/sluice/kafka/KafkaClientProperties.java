package io.sluice.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;

/**
 * The Kafka client properties that reach a cluster as a {@link KafkaConnection} describes it:
 * bootstrap servers, security protocol, SASL credentials and TLS trust. Only how to connect —
 * each client adds its own timeouts, deserializers and group settings. Pure, so the ingest
 * service can build its consumers from the same rules.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    public static Map<String, Object> of(KafkaConnection connection) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", String.join(",", connection.brokers()));
        SecurityProtocol protocol = connection.securityProtocol();
        properties.put("security.protocol", protocol.name());
        if (protocol.usesSasl()) {
            SaslMechanism mechanism = connection.saslMechanism();
            properties.put("sasl.mechanism", mechanism.kafkaName());
            properties.put("sasl.jaas.config", jaasConfig(mechanism, connection.username(), connection.password()));
        }
        if (protocol.usesTls()) {
            if (connection.skipTlsVerification()) {
                // Kafka has no switch to trust any certificate: an engine factory that does it.
                properties.put("ssl.engine.factory.class", TrustAllSslEngineFactory.class);
                properties.put("ssl.endpoint.identification.algorithm", "");
            } else if (connection.caCertificatePem() != null && !connection.caCertificatePem().isBlank()) {
                properties.put("ssl.truststore.type", "PEM");
                properties.put("ssl.truststore.certificates", connection.caCertificatePem());
            }
        }
        return properties;
    }

    private static String jaasConfig(SaslMechanism mechanism, String username, String password) {
        String module = switch (mechanism) {
            case PLAIN -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case SCRAM_SHA_256, SCRAM_SHA_512 -> "org.apache.kafka.common.security.scram.ScramLoginModule";
        };
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    // Kafka parses the JAAS line with a StreamTokenizer: inside double quotes a backslash escapes
    // the next character. Unescaped, a '"' in a password would end the value early, or let the
    // rest of the password add options to the login module.
    private static String quoted(String value) {
        String text = (value != null) ? value : "";
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

}
