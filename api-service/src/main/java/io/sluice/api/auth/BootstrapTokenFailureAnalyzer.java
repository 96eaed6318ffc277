package io.sluice.api.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a short bootstrap token into Spring Boot's "APPLICATION FAILED TO START" report with the fix. */
class BootstrapTokenFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBootstrapTokenException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidBootstrapTokenException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set SLUICE_BOOTSTRAP_TOKEN to a long random string, e.g. the output of 'openssl rand -base64 32'"
                        + " (deploy/local/sluice.sh generates one), or leave it empty to disable it once API tokens exist.",
                cause);
    }

}
