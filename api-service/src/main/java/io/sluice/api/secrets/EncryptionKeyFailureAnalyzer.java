package io.sluice.api.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad encryption key into Spring Boot's "APPLICATION FAILED TO START" report with the fix. */
class EncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEncryptionKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidEncryptionKeyException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set SLUICE_ENCRYPTION_KEY to the base64 of 32 random bytes, e.g. the output of "
                        + "'openssl rand -base64 32'. Keep it: pipelines stored with one key cannot be read with "
                        + "another. (Only the 'dev' profile runs without one.)",
                cause);
    }

}
