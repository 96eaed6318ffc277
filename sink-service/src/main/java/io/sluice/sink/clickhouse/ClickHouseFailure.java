package io.sluice.sink.clickhouse;

import java.util.Objects;

/**
 * Why talking to ClickHouse failed and what the pipeline should do about it.
 *
 * @param code the ClickHouse error code, or 0 when the failure did not come from the server
 * @param reason a sentence for the pipeline's status, without stack traces
 */
public record ClickHouseFailure(Disposition disposition, int code, String reason) {

    public ClickHouseFailure {
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isTransient() {
        return this.disposition == Disposition.TRANSIENT;
    }

    public enum Disposition {

        /** Retry the same block with backoff; nothing is acknowledged meanwhile, so nothing is lost. */
        TRANSIENT,

        /**
         * Retrying cannot help (table dropped, credentials refused, the table no longer fits the
         * data): the pipeline goes to Failed with the reason until a person acts.
         */
        PIPELINE_FATAL

    }

}
