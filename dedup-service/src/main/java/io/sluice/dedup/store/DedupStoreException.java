package io.sluice.dedup.store;

/**
 * The dedup store could not answer a batch's claims (Redis down, timed out, out of memory).
 * Transient: the input batch stays unacknowledged in JetStream and is processed again.
 */
public class DedupStoreException extends RuntimeException {

    DedupStoreException(String message, Throwable cause) {
        super(message, cause);
    }

}
