package io.sluice.model.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A sink's {@code url}: one ClickHouse HTTP endpoint, or the replicas of one shard separated by
 * commas ({@code http://ch-1:8123,http://ch-2:8123}). The sink inserts into the first that answers
 * and moves to the next when it fails; that is safe only because every replica of a
 * ReplicatedMergeTree shares the table's deduplication log in ZooKeeper, so a block replayed on the
 * other replica is dropped there. Different shards are not replicas and must not be listed together.
 */
public final class ClickHouseUrls {

    private ClickHouseUrls() {
    }

    /** The URLs in their order, trimmed, blanks dropped; empty for a null or blank setting. */
    public static List<String> split(String urls) {
        if (urls == null) {
            return List.of();
        }
        return Arrays.stream(urls.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
    }

    /**
     * What is wrong with a non-blank setting, for the user: a URL that is not http(s), or one that
     * carries credentials (not echoed: they would be stored and shown in clear).
     */
    public static Optional<String> problem(String urls, String credentialsGoTo) {
        List<String> each = split(urls);
        if (each.isEmpty()) {
            return Optional.of("is required");
        }
        for (String url : each) {
            if (hasUserInfo(url)) {
                return Optional.of("must not contain a user or password (user:password@); " + credentialsGoTo);
            }
        }
        for (String url : each) {
            if (!isHttpUrl(url)) {
                return Optional.of("must be an http:// or https:// URL, like http://clickhouse:8123, not \"" + url
                        + "\" (no query string; the replicas of one shard separated by commas)");
            }
        }
        if (each.stream().distinct().count() < each.size()) {
            return Optional.of("lists the same URL twice: " + urls.trim());
        }
        return Optional.empty();
    }

    private static boolean hasUserInfo(String url) {
        try {
            return new URI(url).getRawUserInfo() != null;
        }
        catch (URISyntaxException ex) {
            // Not a URL at all; still, an '@' after the scheme is most likely credentials.
            int scheme = url.indexOf("//");
            return scheme >= 0 && url.indexOf('@') > scheme;
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }
}
