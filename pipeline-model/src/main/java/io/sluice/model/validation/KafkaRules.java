package io.sluice.model.validation;

import java.util.regex.Pattern;

import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.SecurityProtocol;

final class KafkaRules {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?|\\[[0-9A-Fa-f:.]+]");

    private KafkaRules() {
    }

    static void check(Problems problems, String path, KafkaConnection connection) {
        if (!problems.required(path, connection)) {
            return;
        }
        if (problems.notEmpty(path + ".brokers", connection.brokers(), "broker")) {
            for (int i = 0; i < connection.brokers().size(); i++) {
                broker(problems, path + ".brokers[" + i + "]", connection.brokers().get(i));
            }
        }
        SecurityProtocol protocol = connection.securityProtocol();
        if (protocol.usesSasl()) {
            problems.required(path + ".saslMechanism", connection.saslMechanism());
            problems.required(path + ".username", connection.username());
            problems.required(path + ".password", connection.password());
        }
        else if (connection.saslMechanism() != null || connection.username() != null || connection.password() != null) {
            // Credentials the client would silently ignore make for a baffling authentication failure later.
            problems.add(path + ".securityProtocol", "must be SASL_PLAINTEXT or SASL_SSL to use saslMechanism, "
                    + "username and password, not " + protocol);
        }
        String pem = connection.caCertificatePem();
        if (pem != null) {
            if (!protocol.usesTls()) {
                problems.add(path + ".caCertificatePem", "is only used with SSL or SASL_SSL, not " + protocol);
            }
            else if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                problems.add(path + ".caCertificatePem", "must be a PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
        }
    }

    private static void broker(Problems problems, String path, String broker) {
        if (!problems.required(path, broker)) {
            return;
        }
        int colon = broker.lastIndexOf(':');
        if (colon < 0 || !HOST.matcher(broker.substring(0, colon)).matches() || !isPort(broker.substring(colon + 1))) {
            problems.add(path, "must be host:port, like kafka-1:9092, not \"" + broker + "\"");
        }
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

}
