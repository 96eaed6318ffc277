package io.sluice.model.control;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a worker replica says it is doing with one pipeline ({@link WorkerStatus#state()}), as the
 * lower-case string in the status JSON.
 *
 * <p>This version reports one of the five constants. A value it does not know (from a newer
 * worker, during a rolling upgrade) is still read and kept as written, so the status API passes it
 * on as before instead of dropping the replica's whole report; {@link #known()} tells the two apart.
 *
 * @param json the string in the status JSON, like {@code running}
 */
public record WorkerState(String json) {

    /** Consuming, processing and writing. */
    public static final WorkerState RUNNING = new WorkerState("running");

    /**
     * Running the pipeline and ready, while other replicas do all of its work this replica could do
     * (a sink replica whose lanes other replicas hold); it takes the work over if they stop or die.
     * Added 2026-12-06: an api-service before it shows the string as written.
     */
    public static final WorkerState STANDBY = new WorkerState("standby");

    /** Hosting the pipeline without consuming, as its desired state asks. */
    public static final WorkerState PAUSED = new WorkerState("paused");

    /**
     * Not working on the pipeline. Reserved: a replica of this version deletes its report of a
     * pipeline it stops hosting instead of reporting it stopped.
     */
    public static final WorkerState STOPPED = new WorkerState("stopped");

    /** Hosting the pipeline, but its work failed or could not start; the last error says why. */
    public static final WorkerState FAILED = new WorkerState("failed");

    private static final List<WorkerState> KNOWN = List.of(RUNNING, STANDBY, PAUSED, STOPPED, FAILED);

    public WorkerState {
        Objects.requireNonNull(json, "a worker state is a string; an absent one is a null WorkerState");
    }

    /** The state written as {@code json}: one of the constants, or an unknown state kept as it is. */
    @JsonCreator
    public static WorkerState fromJson(String json) {
        for (WorkerState state : KNOWN) {
            if (state.json.equals(json)) {
                return state;
            }
        }
        return new WorkerState(json);
    }

    @JsonValue
    @Override
    public String json() {
        return this.json;
    }

    /** Whether this version knows the state (it is one of the constants). */
    public boolean known() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return this.json;
    }

}
