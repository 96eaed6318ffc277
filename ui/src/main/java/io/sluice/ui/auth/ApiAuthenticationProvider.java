package io.sluice.ui.auth;

import java.util.List;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiSession;
import io.sluice.ui.api.ApiUnavailableException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Logs in against the api-service: the ui keeps no users of its own. A successful login yields the
 * api-service's session token, kept as the principal in the HTTP session, never in the browser.
 */
class ApiAuthenticationProvider implements AuthenticationProvider {

    private final ApiClient api;

    ApiAuthenticationProvider(ApiClient api) {
        this.api = api;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        try {
            // The servlet container's view of the client, after a trusted proxy's X-Forwarded-For.
            String clientAddress = authentication.getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : null;
            ApiSession session = api.login(username, password, clientAddress);
            return UsernamePasswordAuthenticationToken.authenticated(session, null,
                    List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
        } catch (ApiProblemException e) {
            // The messages are shown on the login page as they are: keep them free of detail an
            // attacker could use (which of name and password was wrong).
            switch (e.problem().status()) {
                case 401, 400 -> throw new BadCredentialsException("Wrong username or password.");
                case 429 -> throw new LockedException("Too many failed attempts. " + e.problem().message());
                default -> throw new AuthenticationServiceException(e.problem().message());
            }
        } catch (ApiUnavailableException e) {
            throw new AuthenticationServiceException("The api-service cannot be reached, so nobody can log in"
                    + " right now. " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
