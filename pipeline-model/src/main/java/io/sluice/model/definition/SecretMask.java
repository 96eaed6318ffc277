package io.sluice.model.definition;

/** How a definition's secrets (passwords, CA certificates) appear in API responses and log lines. */
final class SecretMask {

    private SecretMask() {
    }

    /** Masks a secret that is set; an absent or empty one stays as it is, which tells nothing. */
    static String mask(String secret) {
        return (secret == null || secret.isEmpty()) ? secret : PipelineDefinition.MASKED_SECRET;
    }

}
