package io.sluice.worker.control;

import io.sluice.model.control.PipelineControl;

/**
 * Decides what a replica does when a pipeline's control value changes. Pure: the runtime applies
 * the action. Workers see every value again after a reconnect (the KV watch replays the current
 * value of every key), so deciding from revisions, not from events, makes replays harmless.
 */
final class Reconciliation {

    enum Action {
        /** Nothing to do. */
        NONE,
        /** Create and start the work. */
        START,
        /** Drain and stop consuming, keep the work. */
        PAUSE,
        /** Consume again. */
        RESUME,
        /** Drain, release and forget the work. */
        STOP,
        /** Stop the work and start it again from the new definition. */
        REPLACE
    }

    /** What this replica hosts for a pipeline. */
    record Hosted(PipelineControl control, boolean paused) {
    }

    private Reconciliation() {
    }

    /**
     * @param hosted  what the replica hosts for the pipeline, or null
     * @param control the pipeline's new control value, or null when the pipeline was deleted
     */
    static Action decide(Hosted hosted, PipelineControl control) {
        if (control == null) {
            return hosted == null ? Action.NONE : Action.STOP;
        }
        if (hosted != null && control.revision() <= hosted.control().revision()) {
            return Action.NONE;
        }
        boolean definitionChanged = hosted != null && !hosted.control().definition().equals(control.definition());
        return switch (control.desiredState()) {
            case STOPPED -> hosted == null ? Action.NONE : Action.STOP;
            // A paused pipeline whose definition was edited is stopped: resuming it starts the new definition.
            case PAUSED -> hosted == null ? Action.NONE : definitionChanged ? Action.STOP : hosted.paused() ? Action.NONE : Action.PAUSE;
            case RUNNING -> hosted == null ? Action.START : definitionChanged ? Action.REPLACE : hosted.paused() ? Action.RESUME : Action.NONE;
        };
    }
}
