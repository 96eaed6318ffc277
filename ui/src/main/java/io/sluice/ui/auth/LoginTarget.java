package io.sluice.ui.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Which page a user lands on after logging in, when the request that found the session ended was
 * not a page load. The pipeline pages refresh parts of themselves (htmx polls {@code /live}, the
 * charts fetch {@code /metrics}); saving such a request as the target would show a bare fragment
 * or JSON after login. For those the target is the page the browser shows, named by htmx's
 * {@code HX-Current-URL} or the {@code Referer}, and only when it is a page of this ui: the value
 * comes from the browser, and a target elsewhere would make the login an open redirect.
 */
final class LoginTarget {

    private LoginTarget() {
    }

    /**
     * Whether the request is the browser loading a page, which may be saved as it is.
     * @param hxRequest the {@code HX-Request} header, or null
     * @param secFetchMode the {@code Sec-Fetch-Mode} header, or null (older browsers, other clients)
     */
    static boolean isPageLoad(String hxRequest, String secFetchMode) {
        if ("true".equals(hxRequest)) {
            return false;
        }
        return secFetchMode == null || "navigate".equals(secFetchMode);
    }

    /**
     * The page behind a fragment or script request, as a path (with query) inside the ui,
     * without the context path; empty when it is not known or not a page of this ui.
     * @param pageUrl the absolute URL the browser shows ({@code HX-Current-URL} or {@code Referer})
     * @param host the ui's host as the browser reached it
     * @param port the ui's port as the browser reached it
     * @param contextPath the ui's context path, "" at the root
     */
    static Optional<String> pageBehind(String pageUrl, String host, int port, String contextPath) {
        if (pageUrl == null || pageUrl.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(pageUrl);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!uri.isAbsolute() || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(host)
                || effectivePort(uri) != port) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith(contextPath + "/")) {
            return Optional.empty();
        }
        String inside = path.substring(contextPath.length());
        // "//host" would redirect to another site; a backslash is read as a slash by some browsers.
        if (inside.startsWith("//") || inside.contains("\\") || isNoPage(inside)) {
            return Optional.empty();
        }
        return Optional.of(uri.getRawQuery() == null ? inside : inside + "?" + uri.getRawQuery());
    }

    // The login and logout pages lead nowhere after a login; a fragment is what this class avoids.
    private static boolean isNoPage(String path) {
        return path.equals("/login") || path.equals("/logout") || path.endsWith("/live") || path.endsWith("/metrics");
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
