package io.sluice.model.envelope;

/**
 * Bytes that are not a batch this build can read. The message must not be retried: it goes to
 * the pipeline's dead-letter stream.
 */
public class CorruptBatchException extends RuntimeException {

    CorruptBatchException(String message) {
        super("corrupt batch: " + message);
    }

}
