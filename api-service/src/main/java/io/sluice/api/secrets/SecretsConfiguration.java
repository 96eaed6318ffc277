package io.sluice.api.secrets;

import java.security.SecureRandom;

import javax.crypto.spec.SecretKeySpec;

import io.sluice.api.config.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    /**
     * The cipher for secrets at rest. Without a key the service refuses to start: storing secrets
     * in clear, or with a key nobody kept, would be discovered only when it is too late. The one
     * exception is the {@code dev} profile with no key at all, which gets a throw-away key; a key
     * that is set but malformed is a typo and fails even there.
     */
    @Bean
    SecretCipher secretCipher(ApiProperties properties, Environment environment) {
        String configured = properties.security().encryptionKey();
        if ((configured == null || configured.isBlank()) && environment.matchesProfiles("dev")) {
            log.warn("No sluice.security.encryption-key set; the dev profile uses a random key for this run only. "
                    + "Pipelines stored now cannot be read after a restart.");
            byte[] key = new byte[EncryptionKeys.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            return new SecretCipher(new SecretKeySpec(key, "AES"));
        }
        return new SecretCipher(EncryptionKeys.parse(configured));
    }

}
