package io.sluice.api.connection;

import io.sluice.model.definition.PipelineDefinition;

/**
 * How to reach a ClickHouse server: the connection fields of a pipeline's sink.
 *
 * @param url HTTP(S) endpoint, e.g. {@code http://clickhouse:8123}
 * @param database optional for a connection test: checked to exist when given
 */
record ClickHouseConnection(String url, String username, String password, String database) {

    // Requests end up in logs and exception messages; the record's own toString would print the password.
    @Override
    public String toString() {
        return "ClickHouseConnection[url=" + this.url + ", username=" + this.username + ", password="
                + ((this.password == null) ? null : PipelineDefinition.MASKED_SECRET) + ", database=" + this.database + "]";
    }

}
