package io.sluice.api.connection;

/**
 * Quoting for the SQL the connection helpers send. Database and table names come from the user;
 * they only ever enter a query as string literals compared against {@code system.*} tables,
 * never as identifiers, and a literal cannot be escaped from once backslash and quote are
 * escaped. (ClickHouse 18.16 has no query parameters, which would make this unnecessary.)
 */
final class ClickHouseSql {

    private ClickHouseSql() {
    }

    /** The text as a ClickHouse string literal, quotes included. */
    static String literal(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '\'' -> literal.append("\\'");
                case '\0' -> literal.append("\\0");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> literal.append(c);
            }
        }
        return literal.append('\'').toString();
    }

}
