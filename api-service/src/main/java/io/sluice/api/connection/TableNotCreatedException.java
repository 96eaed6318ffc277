package io.sluice.api.connection;

/**
 * A {@code CREATE TABLE} the wizard asked for was not run or failed: the table exists already
 * (409), or ClickHouse refused the statement (422, with ClickHouse's reason in the message).
 */
class TableNotCreatedException extends RuntimeException {

    private final boolean exists;

    TableNotCreatedException(boolean exists, String message, Throwable cause) {
        super(message, cause);
        this.exists = exists;
    }

    /** Whether the table is there already, rather than the statement failing. */
    boolean exists() {
        return this.exists;
    }

}
