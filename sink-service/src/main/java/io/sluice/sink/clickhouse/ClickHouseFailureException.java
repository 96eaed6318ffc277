package io.sluice.sink.clickhouse;

/** A classified failure of an insert or of the start-up check. */
public class ClickHouseFailureException extends RuntimeException {

    private final ClickHouseFailure failure;

    public ClickHouseFailureException(ClickHouseFailure failure, Throwable cause) {
        super(failure.reason(), cause);
        this.failure = failure;
    }

    public ClickHouseFailure failure() {
        return this.failure;
    }

}
