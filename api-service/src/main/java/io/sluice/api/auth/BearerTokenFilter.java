package io.sluice.api.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against every {@link ApiTokens} source.
 * An unknown token leaves the request anonymous, so the entry point answers 401 as for a missing one.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final List<ApiTokens> sources;

    BearerTokenFilter(List<ApiTokens> sources) {
        this.sources = sources;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String token = header.substring(PREFIX.length()).trim();
            authenticate(token).ifPresent(caller -> SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(caller, null,
                            caller.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of())));
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
