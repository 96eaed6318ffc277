package io.sluice.ui.web;

import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiSessionExpiredException;
import io.sluice.ui.api.ApiUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What a page shows when the api-service cannot help: never a stack trace. Pages that can do
 * better (a form showing a validation error next to its field) catch {@link ApiProblemException}
 * themselves; whatever reaches this class becomes the error page.
 */
@ControllerAdvice
class UiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UiExceptionHandler.class);

    @ExceptionHandler(ApiSessionExpiredException.class)
    String sessionExpired(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if ("true".equals(request.getHeader("HX-Request"))) {
            response.setHeader("HX-Redirect", request.getContextPath() + "/login?expired");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return "fragments/empty";
        }
        return "redirect:/login?expired";
    }

    @ExceptionHandler(ApiUnavailableException.class)
    String unavailable(ApiUnavailableException e, HttpServletResponse response, Model model) {
        log.warn("{}", e.getMessage());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        model.addAttribute("title", "The api-service is unreachable");
        model.addAttribute("message", e.getMessage() + " Check that the api-service runs, then reload this page.");
        return "problem";
    }

    @ExceptionHandler(ApiProblemException.class)
    String problem(ApiProblemException e, HttpServletResponse response, Model model) {
        response.setStatus(e.problem().status() >= 500 ? HttpServletResponse.SC_BAD_GATEWAY : e.problem().status());
        model.addAttribute("title", e.problem().title() == null ? "The api-service refused" : e.problem().title());
        model.addAttribute("message", e.problem().message());
        model.addAttribute("errors", e.problem().errors());
        return "problem";
    }
}
