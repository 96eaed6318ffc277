package io.sluice.ui.pipelines;

import java.util.List;
import java.util.regex.Pattern;

import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;

/**
 * Pipeline ids taken from the browser's URL go into API paths: only a well-formed id (the
 * definition's rule: lower-case letters, digits and hyphens) is passed on, so no id can change
 * which API path is called.
 */
public final class PipelineIds {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private PipelineIds() {
    }

    /** The id as it is, when well-formed; else the "not found" the API would give. */
    public static String require(String id) {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw new ApiProblemException(new ApiProblem(404, "Pipeline not found",
                    "There is no pipeline '" + id + "'.", List.of()));
        }
        return id;
    }
}
