package io.sluice.api.auth;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares in the OpenAPI document that every endpoint takes a bearer token (see
 * {@link BearerTokenFilter}), so generated clients send it and Swagger UI's "Authorize" button works.
 * The login endpoint ({@code POST /api/v1/sessions}) is the one call that needs none.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Sluice API").version("v1")
                        .description("Define and run pipelines that deduplicate and join Kafka streams into ClickHouse.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token (slc_…, POST /api/v1/tokens) or a UI session token (POST /api/v1/sessions)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
