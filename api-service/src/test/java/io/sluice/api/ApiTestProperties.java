package io.sluice.api;

import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.TestNamespace;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points an api-service under test at the real servers, inside the test class's own PostgreSQL
 * schema and NATS prefix. Call it from each test class's {@code @DynamicPropertySource} with that
 * class's namespace, so no two classes share data.
 */
public final class ApiTestProperties {

    public static final String BOOTSTRAP_TOKEN = "test-only-bootstrap-token-0000";
    // 32 bytes of base64: a real AES-256 key, used only by tests.
    public static final String ENCRYPTION_KEY = "dGVzdC1vbmx5LXRlc3Qtb25seS10ZXN0LW9ubHktMTI=";

    private ApiTestProperties() {
    }

    public static void register(DynamicPropertyRegistry registry, TestNamespace namespace) {
        LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();
        registry.add("spring.datasource.url", endpoints::postgresJdbcUrl);
        registry.add("spring.datasource.username", endpoints::postgresUser);
        registry.add("spring.datasource.password", endpoints::postgresPassword);
        // Every test class has a context of its own (its own schema); small pools keep the cached
        // contexts of a whole run well under PostgreSQL's connection limit.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "3");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "0");
        registry.add("spring.flyway.schemas", namespace::postgresSchema);
        registry.add("spring.flyway.default-schema", namespace::postgresSchema);
        registry.add("spring.jpa.properties.hibernate.default_schema", namespace::postgresSchema);
        registry.add("sluice.nats.url", endpoints::natsUrl);
        registry.add("sluice.nats.prefix", namespace::natsPrefix);
        registry.add("sluice.security.encryption-key", () -> ENCRYPTION_KEY);
        registry.add("sluice.security.bootstrap-token", () -> BOOTSTRAP_TOKEN);
        registry.add("sluice.security.admin-password", () -> "test-admin-password");
    }
}
