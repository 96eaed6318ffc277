package io.sluice.api.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API tokens, for admins only (see {@link SecurityConfiguration}). */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    private static final Logger log = LoggerFactory.getLogger(TokenController.class);

    private final StoredApiTokens tokens;

    TokenController(StoredApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Creates a token; the response is the only place it is ever shown. */
    @PostMapping
    ResponseEntity<?> create(@RequestBody TokenRequests.CreateToken request, @AuthenticationPrincipal ApiCaller caller) {
        List<TokenRequests.FieldError> problems = request.problems();
        if (!problems.isEmpty()) {
            return AuthProblems.invalid(problems);
        }
        boolean admin = Boolean.TRUE.equals(request.admin());
        CreatedToken created = tokens.create(request.name().strip(), admin);
        log.info("API token {} '{}' (admin: {}) created by {}", created.id(), created.name(), admin, caller.name());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.id())).body(created);
    }

    /** Active tokens and UI sessions, without the tokens themselves. */
    @GetMapping
    List<TokenView> list() {
        return tokens.active();
    }

    /** Revokes a token: it authenticates nothing from now on. Revoking it again changes nothing. */
    @DeleteMapping("/{id}")
    ResponseEntity<?> revoke(@PathVariable UUID id, @AuthenticationPrincipal ApiCaller caller) {
        if (!tokens.revoke(id)) {
            return AuthProblems.problem(HttpStatus.NOT_FOUND, "Token not found", "There is no token " + id + ".");
        }
        log.info("API token {} revoked by {}", id, caller.name());
        return ResponseEntity.noContent().build();
    }
}
