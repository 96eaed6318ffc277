package io.sluice.dedup.state;

/** A lane does not claim: Redis lost its dedup state and {@link OnStateLoss#STOP} waits for an acknowledgement. */
public final class StateLossStopException extends RuntimeException {

    StateLossStopException(String message) {
        super(message);
    }
}
