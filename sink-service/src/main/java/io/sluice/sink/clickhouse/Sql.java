package io.sluice.sink.clickhouse;

/** Quoting for names and literals in the few statements the sink writes itself. */
final class Sql {

    private Sql() {
    }

    /** A name in backticks, so any table or column name works, e.g. {@code `order`}. */
    static String identifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    static String qualified(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

}
