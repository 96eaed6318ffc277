package io.sluice.model.control;

/** A KV value that is not a {@link PipelineControl} or {@link WorkerStatus} this version can read. */
public class InvalidControlJsonException extends RuntimeException {

    public InvalidControlJsonException(String message, Throwable cause) {
        super(message, cause);
    }

}
