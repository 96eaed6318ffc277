package io.sluice.ui.auth;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiSession;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Every page needs a logged-in user, except the login page, static files and health. CSRF
 * protection stays on (Spring Security's default): every form carries the token, and htmx sends it
 * as a header (see fragments/layout.html).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The api-service is the only judge of a login. Declaring this bean also keeps Spring Boot from
     * adding its default in-memory user with a generated password, which would be a second way in.
     */
    @Bean
    AuthenticationManager apiAuthenticationManager(ApiClient api) {
        return new ProviderManager(new ApiAuthenticationProvider(api));
    }

    @Bean
    SecurityFilterChain uiSecurity(HttpSecurity http, ApiClient api, AuthenticationManager authenticationManager)
            throws Exception {
        LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint("/login");
        http.authenticationManager(authenticationManager)
                .requestCache(cache -> cache.requestCache(new PageRequestCache()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/pipelines", false)
                        .failureUrl("/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof ApiSession session) {
                                api.logout(session.token());
                            }
                        }))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    // An htmx refresh of a fragment would otherwise swap the login page into the
                    // table: tell htmx to load the login page as a whole instead.
                    if ("true".equals(request.getHeader("HX-Request"))) {
                        response.setHeader("HX-Redirect", request.getContextPath() + "/login?expired");
                        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    } else {
                        toLogin.commence(request, response, e);
                    }
                }))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                + " object-src 'none'; frame-ancestors 'none'; form-action 'self'")));
        return http.build();
    }
}
