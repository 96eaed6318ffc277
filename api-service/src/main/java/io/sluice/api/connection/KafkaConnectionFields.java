package io.sluice.api.connection;

import java.util.List;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.SaslMechanism;
import io.sluice.model.definition.SecurityProtocol;

/**
 * A Kafka connection in a request body: the same JSON fields as a pipeline source's
 * {@link KafkaConnection}, with {@code skipTlsVerification} optional (false when absent).
 */
record KafkaConnectionFields(List<String> brokers, SecurityProtocol securityProtocol, SaslMechanism saslMechanism,
        String username, String password, String caCertificatePem, Boolean skipTlsVerification) {

    KafkaConnection toModel() {
        return new KafkaConnection(this.brokers, this.securityProtocol, this.saslMechanism, this.username, this.password,
                this.caCertificatePem, Boolean.TRUE.equals(this.skipTlsVerification));
    }

    // Requests end up in logs and exception messages; the record's own toString would print secrets.
    @Override
    public String toString() {
        return toModel().toString();
    }

}
