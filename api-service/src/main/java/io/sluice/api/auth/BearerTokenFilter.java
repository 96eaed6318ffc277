package io.sluice.api.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against every {@link ApiTokens} source.
 * An unknown token leaves the request anonymous, so the entry point answers 401 as for a missing one.
 * Unknown tokens are counted per client address ({@link LoginThrottle#forBearerTokens()}): past
 * the limit, every bearer request from that address is answered 429 without looking at its token,
 * and a valid token in between does not reset the count (a token holder could otherwise keep
 * guessing the bootstrap token).
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final List<ApiTokens> sources;

    private final LoginThrottle throttle;

    private final Clock clock;

    BearerTokenFilter(List<ApiTokens> sources, LoginThrottle throttle, Clock clock) {
        this.sources = sources;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String client = request.getRemoteAddr();
            Optional<Duration> blocked = throttle.blockedFor(client, clock.instant());
            if (blocked.isPresent()) {
                long seconds = Math.max(1, blocked.get().toSeconds());
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                SecurityConfiguration.problem(response, HttpStatus.TOO_MANY_REQUESTS, "Too many unknown tokens",
                        "Too many requests with an unknown bearer token came from this address; try again in "
                                + seconds + " seconds.");
                return;
            }
            String token = header.substring(PREFIX.length()).trim();
            Optional<ApiCaller> caller = authenticate(token);
            if (caller.isEmpty()) {
                throttle.recordFailure(client, clock.instant());
            }
            caller.ifPresent(found -> SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(found, null,
                            found.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of())));
        }
        chain.doFilter(request, response);
    }

    private Optional<ApiCaller> authenticate(String token) {
        for (ApiTokens source : sources) {
            Optional<ApiCaller> caller = source.authenticate(token);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }
}
