package io.sluice.join.state;

/**
 * The join state this pipeline built in Redis is gone, or was found gone and not yet
 * acknowledged: applying more events would build on nothing. The batch fails and stays in
 * JetStream; {@link JoinStateGuard} says why in status.
 */
public final class JoinStateLostException extends RuntimeException {

    public JoinStateLostException(String reason) {
        super(reason);
    }
}
