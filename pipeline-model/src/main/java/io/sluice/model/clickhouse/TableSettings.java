package io.sluice.model.clickhouse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code SETTINGS name = value, …} clause at the end of a table's {@code engine_full}, as
 * {@code system.tables} prints it. Pure. Values are kept as printed (numbers, or quoted strings
 * with their quotes); only settings Sluice reads are numbers.
 */
public final class TableSettings {

    private TableSettings() {
    }

    public static Map<String, String> parse(String engineFull) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (engineFull == null) {
            return settings;
        }
        int at = lastKeyword(engineFull, "SETTINGS");
        if (at < 0) {
            return settings;
        }
        for (String pair : engineFull.substring(at + "SETTINGS".length()).split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return settings;
    }

    // The clause comes last; the word may also appear inside a quoted ZooKeeper path, so take the
    // last occurrence that stands on its own.
    private static int lastKeyword(String text, String keyword) {
        int at = text.lastIndexOf(" " + keyword + " ");
        return at < 0 ? -1 : at + 1;
    }
}
