package io.sluice.api.connection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ClickHouse server version, e.g. {@code 18.16.1} or {@code 24.3.2.23}, and what it supports. */
record ClickHouseVersion(int major, int minor) {

    private static final Pattern LEADING = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** @throws IllegalArgumentException if the text does not start with {@code major.minor} */
    static ClickHouseVersion parse(String text) {
        Matcher matcher = LEADING.matcher((text != null) ? text.trim() : "");
        if (!matcher.find()) {
            throw new IllegalArgumentException("not a ClickHouse version: \"" + text + "\"");
        }
        return new ClickHouseVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /**
     * The {@code insert_deduplication_token} setting came with 22.2; older servers deduplicate a
     * retried insert only by the hash of an identical block (ReplicatedMergeTree).
     */
    boolean supportsInsertDeduplicationToken() {
        return this.major > 22 || (this.major == 22 && this.minor >= 2);
    }

}
