package io.sluice.model.definition;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ClickHouse table the pipeline writes to.
 *
 * @param url HTTP(S) endpoint of the server, e.g. {@code http://localhost:8123}
 * @param maxBatchSize rows per insert at most; {@value #DEFAULT_MAX_BATCH_SIZE} when absent
 * @param maxDelay how long a row may wait for its batch to fill; 1s when absent
 * @param allowAtLeastOnce the user's explicit consent to run into a table that does not drop a
 *                 replayed insert (a plain MergeTree): a sink crash between an insert and its
 *                 commit can then duplicate rows. False when absent: such a table is refused at start
 */
public record SinkDefinition(String url, String database, String username, String password, String table,
        Integer maxBatchSize, Window maxDelay, List<ColumnMapping> mapping,
        // Written only when true: definitions that never set it read and write as before.
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean allowAtLeastOnce) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 50_000;

    public static final Window DEFAULT_MAX_DELAY = Window.parse("1s");

    public SinkDefinition {
        if (maxBatchSize == null) {
            maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        }
        if (maxDelay == null) {
            maxDelay = DEFAULT_MAX_DELAY;
        }
        mapping = ListCopies.keepingNulls(mapping);
    }

    /** A sink that insists on exactly-once (the default). */
    public SinkDefinition(String url, String database, String username, String password, String table,
            Integer maxBatchSize, Window maxDelay, List<ColumnMapping> mapping) {
        this(url, database, username, password, table, maxBatchSize, maxDelay, mapping, false);
    }

    // Definitions end up in logs and exception messages; the record's own toString would print the password.
    @Override
    public String toString() {
        return "SinkDefinition[url=" + this.url + ", database=" + this.database + ", username=" + this.username
                + ", password=" + SecretMask.mask(this.password) + ", table=" + this.table + ", maxBatchSize="
                + this.maxBatchSize + ", maxDelay=" + this.maxDelay + ", mapping=" + this.mapping + ", allowAtLeastOnce="
                + this.allowAtLeastOnce + "]";
    }

    SinkDefinition withSecretsMasked() {
        return new SinkDefinition(this.url, this.database, this.username, SecretMask.mask(this.password), this.table,
                this.maxBatchSize, this.maxDelay, this.mapping, this.allowAtLeastOnce);
    }

}
