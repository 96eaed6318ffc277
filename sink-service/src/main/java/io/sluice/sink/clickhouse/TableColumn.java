package io.sluice.sink.clickhouse;

/**
 * A column as {@code system.columns} describes it.
 *
 * @param type the type as ClickHouse prints it
 * @param defaultKind empty, {@code DEFAULT}, {@code MATERIALIZED} or {@code ALIAS}
 */
public record TableColumn(String name, String type, String defaultKind) {

    /** Whether an INSERT may name the column: MATERIALIZED and ALIAS columns are computed by the server. */
    public boolean isInsertable() {
        return !"MATERIALIZED".equals(this.defaultKind) && !"ALIAS".equals(this.defaultKind);
    }

}
