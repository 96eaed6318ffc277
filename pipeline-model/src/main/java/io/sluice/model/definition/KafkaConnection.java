package io.sluice.model.definition;

import java.util.List;

/**
 * How to reach a Kafka cluster.
 *
 * @param brokers bootstrap servers as {@code host:port}
 * @param securityProtocol {@link SecurityProtocol#PLAINTEXT} when absent
 * @param saslMechanism required with the SASL protocols
 * @param caCertificatePem PEM of the CA that signed the brokers' certificates, or null for the
 * JVM's trust store
 * @param skipTlsVerification accept any broker certificate (tests and demos only)
 */
public record KafkaConnection(List<String> brokers, SecurityProtocol securityProtocol,
        SaslMechanism saslMechanism, String username, String password, String caCertificatePem,
        boolean skipTlsVerification) {

    public KafkaConnection {
        brokers = ListCopies.keepingNulls(brokers);
        if (securityProtocol == null) {
            securityProtocol = SecurityProtocol.PLAINTEXT;
        }
    }

    // Definitions end up in logs and exception messages; the record's own toString would print secrets.
    @Override
    public String toString() {
        KafkaConnection masked = withSecretsMasked();
        return "KafkaConnection[brokers=" + this.brokers + ", securityProtocol=" + this.securityProtocol
                + ", saslMechanism=" + this.saslMechanism + ", username=" + this.username + ", password="
                + masked.password + ", caCertificatePem=" + masked.caCertificatePem + ", skipTlsVerification="
                + this.skipTlsVerification + "]";
    }

    KafkaConnection withSecretsMasked() {
        return new KafkaConnection(this.brokers, this.securityProtocol, this.saslMechanism, this.username,
                SecretMask.mask(this.password), SecretMask.mask(this.caCertificatePem), this.skipTlsVerification);
    }

}
