package io.sluice.api.deadletter;

/** A republish failed part way; the dead letters from the failed one on are still in the queue. */
class ReplayFailedException extends DeadLetterException {

    private final int replayed;

    ReplayFailedException(String message, int replayed, Throwable cause) {
        super(message, cause);
        this.replayed = replayed;
    }

    int replayed() {
        return this.replayed;
    }

}
