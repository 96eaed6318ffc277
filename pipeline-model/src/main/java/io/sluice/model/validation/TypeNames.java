package io.sluice.model.validation;

import java.util.Locale;

import io.sluice.model.definition.FieldType;

final class TypeNames {

    private TypeNames() {
    }

    /** The type as a user wrote it, with its article: "an int", "a string". */
    static String of(FieldType type) {
        String name = type.name().toLowerCase(Locale.ROOT);
        return switch (type) {
            case INT, ARRAY, OBJECT -> "an " + name;
            default -> "a " + name;
        };
    }

}
