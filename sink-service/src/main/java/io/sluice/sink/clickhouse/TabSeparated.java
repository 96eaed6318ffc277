package io.sluice.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse's TabSeparated output: rows end with a newline, values are separated by tabs,
 * and a backslash escapes tab, newline, backslash, quotes and a few control characters inside a
 * value. {@code \N} (NULL) becomes null.
 */
final class TabSeparated {

    private TabSeparated() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean isNull = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n') {
                row.add(isNull ? null : value.toString());
                value.setLength(0);
                isNull = false;
                if (c == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
            else if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(++i);
                switch (escaped) {
                    case 't' -> value.append('\t');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'N' -> isNull = true;
                    default -> value.append(escaped);
                }
            }
            else {
                value.append(c);
            }
        }
        if (value.length() > 0 || !row.isEmpty() || isNull) {
            row.add(isNull ? null : value.toString());
            rows.add(row);
        }
        return rows;
    }

}
