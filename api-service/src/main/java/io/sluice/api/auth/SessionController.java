package io.sluice.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.sluice.api.config.ApiProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * UI login: the admin user's name and password buy a short-lived token that the UI sends as bearer
 * on the user's behalf. Open to anonymous callers; failed attempts are throttled per client address
 * (the ui passes on its browser's address as X-Forwarded-For), see {@link LoginThrottle}.
 */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private static final Logger log = LoggerFactory.getLogger(SessionController.class);

    private final StoredApiTokens tokens;

    private final AdminCredentials admin;

    private final LoginThrottle throttle = LoginThrottle.forLogins();

    private final Clock clock = Clock.systemUTC();

    SessionController(StoredApiTokens tokens, ApiProperties properties) {
        this.tokens = tokens;
        this.admin = new AdminCredentials(properties.security().adminUsername(), properties.security().adminPassword());
        if (!admin.enabled()) {
            log.warn("UI login is disabled: no admin password is configured (SLUICE_ADMIN_PASSWORD)");
        }
    }

    @PostMapping
    ResponseEntity<?> login(@RequestBody TokenRequests.Login request, HttpServletRequest http) {
        if (!admin.enabled()) {
            return AuthProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "UI login disabled",
                    "No admin password is configured: set SLUICE_ADMIN_PASSWORD (sluice.security.admin-password)"
                            + " to enable UI login. API tokens still work.");
        }
        List<TokenRequests.FieldError> problems = request.problems();
        if (!problems.isEmpty()) {
            return AuthProblems.invalid(problems);
        }
        String client = http.getRemoteAddr();
        Optional<Duration> blocked = throttle.blockedFor(client, clock.instant());
        if (blocked.isPresent()) {
            return AuthProblems.tooManyAttempts(blocked.get());
        }
        if (!admin.matches(request.username(), request.password())) {
            throttle.recordFailure(client, clock.instant());
            log.warn("Failed UI login for user '{}' from {}", printable(request.username()), client);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(AuthProblems.problem(HttpStatus.UNAUTHORIZED, "Login failed", "Wrong username or password.")
                            .getBody());
        }
        throttle.recordSuccess(client);
        CreatedToken session = tokens.createSession(request.username());
        log.info("UI login of user '{}' (session {})", printable(request.username()), session.id());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new TokenRequests.Session(session.token(), request.username(), session.expiresAt()));
    }

    /** Logs out: revokes the UI session token the request is sent with. */
    @DeleteMapping
    ResponseEntity<?> logout(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header == null ? "" : header.substring(Math.min(header.length(), "Bearer ".length())).trim();
        if (!tokens.endSession(token)) {
            return AuthProblems.problem(HttpStatus.BAD_REQUEST, "Not a UI session",
                    "Only a UI session token can log out; revoke API tokens with DELETE /api/v1/tokens/{id}.");
        }
        return ResponseEntity.noContent().build();
    }

    // A username is whatever the caller sent: keep it from forging log lines.
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
