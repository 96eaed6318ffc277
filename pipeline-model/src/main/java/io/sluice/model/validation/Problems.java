package io.sluice.model.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.sluice.model.definition.Violation;
import io.sluice.model.definition.Window;
import io.sluice.model.filter.Filter;

/** Collects violations; the checks shared by several rules live here. */
final class Problems {

    static final int MAX_SLUG_LENGTH = 63;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final List<Violation> violations = new ArrayList<>();

    void add(String path, String message) {
        this.violations.add(new Violation(path, message));
    }

    List<Violation> violations() {
        return List.copyOf(this.violations);
    }

    /** Reports a missing value or blank text; true if the value is there. */
    boolean required(String path, Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            add(path, "is required");
            return false;
        }
        return true;
    }

    /** Reports an empty list; true if it has elements. */
    boolean notEmpty(String path, List<?> list, String what) {
        if (list.isEmpty()) {
            add(path, "needs at least one " + what);
            return false;
        }
        return true;
    }

    /** Reports a null element of a list; true if the element is there. */
    boolean element(String path, Object element) {
        if (element == null) {
            add(path, "must not be null");
            return false;
        }
        return true;
    }

    void slug(String path, String value) {
        if (required(path, value) && maxLength(path, value, MAX_SLUG_LENGTH) && !SLUG.matcher(value).matches()) {
            add(path, "must be a slug of at most 63 lower-case letters, digits and '-', starting with a letter or digit, not \""
                    + value + "\"");
        }
    }

    /**
     * Reports text longer than max; true if it fits or is absent. Ids and names end up in lists and
     * page titles, where an unbounded value breaks the page; the message gives the length, not the
     * text, so a huge value is not echoed back.
     */
    boolean maxLength(String path, String value, int max) {
        if (value != null && value.length() > max) {
            add(path, "must be at most " + max + " characters, was " + value.length());
            return false;
        }
        return true;
    }

    /** Reports a field name that a filter expression could not refer to. */
    void fieldName(String path, String name) {
        if (required(path, name) && !Filter.isFieldPath(name)) {
            add(path, "must be a field name: letters, digits, '_', '-', '@' or '$', not starting with a digit or '-',"
                    + " with '.' between nested names; not \"" + name + "\"");
        }
    }

    void window(String path, Window window, Duration max, String maxText) {
        if (!required(path, window)) {
            return;
        }
        if (window.problem().isPresent()) {
            add(path, window.problem().get());
        }
        else if (window.duration().compareTo(max) > 0) {
            add(path, "must be at most " + maxText + ", was '" + window.text() + "'");
        }
    }

    void window(String path, Window window) {
        window(path, window, Window.MAX, "30d");
    }

    /** Reports every repeat of a value, pointing at the first occurrence. */
    void unique(List<String> values, List<String> paths, String what) {
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                continue;
            }
            String earlier = first.putIfAbsent(value, paths.get(i));
            if (earlier != null) {
                add(paths.get(i), "duplicate " + what + " \"" + value + "\" (also at " + earlier + ")");
            }
        }
    }

}
