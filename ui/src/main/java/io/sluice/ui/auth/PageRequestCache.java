package io.sluice.ui.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

/**
 * Remembers where to return after login: a page load as Spring saves it, and for a refresh of a
 * fragment or a script's fetch the page the browser shows instead (see {@link LoginTarget}). A
 * poll that finds the session ended then leads, after login, back to the full page.
 */
class PageRequestCache implements RequestCache {

    /** The session attribute {@link HttpSessionRequestCache} keeps the saved request in, by default. */
    private static final String SAVED_REQUEST = "SPRING_SECURITY_SAVED_REQUEST";

    private final HttpSessionRequestCache pages = new HttpSessionRequestCache();

    PageRequestCache() {
        // After login the user returns to the page they asked for, without Spring's "?continue" marker.
        pages.setMatchingRequestParameterName(null);
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        if (LoginTarget.isPageLoad(request.getHeader("HX-Request"), request.getHeader("Sec-Fetch-Mode"))) {
            pages.saveRequest(request, response);
            return;
        }
        String shown = "true".equals(request.getHeader("HX-Request")) ? request.getHeader("HX-Current-URL")
                : request.getHeader("Referer");
        LoginTarget.pageBehind(shown, request.getServerName(), request.getServerPort(), request.getContextPath())
                // The same session attribute HttpSessionRequestCache reads back after login.
                .ifPresent((page) -> request.getSession().setAttribute(SAVED_REQUEST, new SimpleSavedRequest(page)));
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        return pages.getRequest(request, response);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return pages.getMatchingRequest(request, response);
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        pages.removeRequest(request, response);
    }
}
