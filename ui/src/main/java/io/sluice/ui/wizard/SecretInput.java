package io.sluice.ui.wizard;

import io.sluice.model.definition.PipelineDefinition;

/**
 * A password the user already typed never goes back to the browser: its input shows the mask,
 * and a mask sent back means "keep what is stored" — for a new draft the password typed earlier,
 * in edit mode the api-service's own mask, which the API reads as "keep the saved secret".
 */
final class SecretInput {

    static final String MASK = PipelineDefinition.MASKED_SECRET;

    private SecretInput() {
    }

    /** What the password input shows for a stored secret. */
    static String shown(String stored) {
        return stored == null || stored.isEmpty() ? "" : MASK;
    }

    /** The secret to store when the form sent {@code submitted} and {@code stored} was kept before. */
    static String kept(String submitted, String stored) {
        return MASK.equals(submitted) && stored != null ? stored : submitted;
    }
}
