package io.sluice.api.distribution;

import io.sluice.model.control.PipelineControl;

/**
 * A value found in the definitions bucket.
 *
 * @param revision the KV revision of the key, for a write that must not overwrite a newer value
 * @param control the value, or null when it could not be read (written by an incompatible version)
 */
record StoredControl(long revision, PipelineControl control) {

    /** Whether writing {@code other} would tell the workers nothing new. */
    boolean sameAs(PipelineControl other) {
        return control != null && control.definition().equals(other.definition())
                && control.desiredState() == other.desiredState() && control.revision() == other.revision();
    }
}
