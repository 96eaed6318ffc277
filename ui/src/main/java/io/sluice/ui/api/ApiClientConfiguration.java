package io.sluice.ui.api;

import io.sluice.ui.config.UiProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class ApiClientConfiguration {

    @Bean
    ApiClient apiClient(UiProperties properties, ObjectMapper json) {
        return new RestApiClient(properties, json, ApiClientConfiguration::currentToken);
    }

    // The token lives in the authentication of the request's HTTP session (see auth.ApiAuthenticationProvider).
    private static String currentToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiSession session) {
            return session.token();
        }
        throw new ApiSessionExpiredException();
    }
}
