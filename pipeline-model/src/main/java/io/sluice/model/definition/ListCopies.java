package io.sluice.model.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class ListCopies {

    private ListCopies() {
    }

    /**
     * An unmodifiable copy that, unlike {@link List#copyOf}, keeps null elements: a definition
     * read from JSON may hold them, and the validator reports them with their path instead of
     * the JSON reader failing on the first one.
     */
    static <T> List<T> keepingNulls(List<T> list) {
        if (list == null) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

}
