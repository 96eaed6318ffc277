package io.sluice.api.browse;

/** Kafka did not answer in time, refused the credentials, or does not have the topic. */
class KafkaReadFailedException extends BrowseException {

    KafkaReadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
