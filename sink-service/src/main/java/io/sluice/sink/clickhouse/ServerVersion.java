package io.sluice.sink.clickhouse;

/**
 * A ClickHouse server's version, from {@code SELECT version()}: {@code 18.16.1} or
 * {@code 24.3.1.2672}. Only year and release matter for what the sink may use.
 */
public record ServerVersion(int major, int minor, int patch) implements Comparable<ServerVersion> {

    /** The first release that takes {@code insert_deduplication_token}. */
    static final ServerVersion INSERT_DEDUPLICATION_TOKEN = new ServerVersion(22, 2, 0);

    /**
     * @throws IllegalArgumentException if the text does not start with a major and minor version
     */
    public static ServerVersion parse(String text) {
        String[] parts = text.trim().split("[.\\-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            int patch = (parts.length > 2 && parts[2].chars().allMatch(Character::isDigit) && !parts[2].isEmpty())
                    ? Integer.parseInt(parts[2]) : 0;
            return new ServerVersion(major, minor, patch);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a ClickHouse version: \"" + text + "\"");
        }
    }

    public boolean isAtLeast(int major, int minor) {
        return compareTo(new ServerVersion(major, minor, 0)) >= 0;
    }

    /**
     * Whether inserts can carry {@code insert_deduplication_token}; older servers reject the
     * setting outright, so it must not be sent to them.
     */
    public boolean supportsInsertDeduplicationToken() {
        return compareTo(INSERT_DEDUPLICATION_TOKEN) >= 0;
    }

    @Override
    public int compareTo(ServerVersion other) {
        int byMajor = Integer.compare(this.major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(this.minor, other.minor);
        return (byMinor != 0) ? byMinor : Integer.compare(this.patch, other.patch);
    }

    @Override
    public String toString() {
        return this.major + "." + this.minor + "." + this.patch;
    }

}
