package io.sluice.api.pipeline;

/**
 * ETags of pipelines: the quoted row version, {@code "7"}. {@code If-Match} uses the strong
 * comparison of RFC 9110: a weak tag ({@code W/"7"}) never matches, {@code *} matches any version.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether an {@code If-Match} header (one tag, a list, or {@code *}) admits this version. */
    static boolean matches(String ifMatch, long version) {
        String current = of(version);
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(current)) {
                return true;
            }
        }
        return false;
    }

}
