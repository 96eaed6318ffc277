package io.sluice.model.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Copies {

    private Copies() {
    }

    /**
     * An unmodifiable copy that, unlike {@link List#copyOf}, keeps null elements: a definition
     * read from JSON may hold them, and the validator reports them with their path instead of
     * the JSON reader failing on the first one.
     */
    static <T> List<T> list(List<T> list) {
        if (list == null) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Masks a secret that is set; an absent or empty one stays as it is, which tells nothing. */
    static String mask(String secret) {
        return (secret == null || secret.isEmpty()) ? secret : PipelineDefinition.MASKED_SECRET;
    }

}
