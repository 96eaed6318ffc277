package io.sluice.api.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.sluice.model.control.DesiredState;

/**
 * The pipeline state machine: Created → Running ⇄ Paused → Stopped, and Failed.
 *
 * <pre>
 *             start      pause      resume     stop       fail (worker report)
 *  Created    Running    -          -          -          -
 *  Running    -          Paused     -          Stopped    Failed
 *  Paused     -          -          Running    Stopped    Failed
 *  Stopped    Running    -          -          -          -
 *  Failed     Running    -          -          -          -
 * </pre>
 *
 * A new pipeline does not run until it is started: {@code start} (not {@code resume}) brings a
 * Created, Stopped or Failed pipeline to Running, so {@code resume} keeps meaning "continue where
 * the pause left off".
 */
final class Lifecycle {

    private static final Map<LifecycleAction, Map<PipelineStatus, PipelineStatus>> TRANSITIONS =
            new EnumMap<>(LifecycleAction.class);

    static {
        allow(LifecycleAction.START, PipelineStatus.CREATED, PipelineStatus.RUNNING);
        allow(LifecycleAction.START, PipelineStatus.STOPPED, PipelineStatus.RUNNING);
        allow(LifecycleAction.START, PipelineStatus.FAILED, PipelineStatus.RUNNING);
        allow(LifecycleAction.PAUSE, PipelineStatus.RUNNING, PipelineStatus.PAUSED);
        allow(LifecycleAction.RESUME, PipelineStatus.PAUSED, PipelineStatus.RUNNING);
        allow(LifecycleAction.STOP, PipelineStatus.RUNNING, PipelineStatus.STOPPED);
        allow(LifecycleAction.STOP, PipelineStatus.PAUSED, PipelineStatus.STOPPED);
        allow(LifecycleAction.FAIL, PipelineStatus.RUNNING, PipelineStatus.FAILED);
        allow(LifecycleAction.FAIL, PipelineStatus.PAUSED, PipelineStatus.FAILED);
    }

    private Lifecycle() {
    }

    /** The result of applying an action to a pipeline in a state. */
    sealed interface Outcome {
    }

    record Allowed(PipelineStatus to) implements Outcome {
    }

    /** @param reason for the user, naming the action and the state */
    record Forbidden(String reason) implements Outcome {
    }

    static Outcome apply(PipelineStatus from, LifecycleAction action) {
        PipelineStatus to = TRANSITIONS.get(action).get(from);
        if (to != null) {
            return new Allowed(to);
        }
        return new Forbidden("cannot " + action.verb() + " a pipeline that is " + from.label() + hint(from, action));
    }

    /** Why a pipeline in this state may not be edited, or empty if it may. */
    static Optional<String> whyNotEditable(PipelineStatus status) {
        if (status == PipelineStatus.RUNNING) {
            // Workers would change definitions under in-flight batches; pausing drains them first.
            return Optional.of("cannot edit a pipeline that is Running; pause or stop it first");
        }
        return Optional.empty();
    }

    /**
     * Whether a pipeline in this state may have left data in its NATS stream and positions in its
     * stages: every state but Created, which only a pipeline never started is in (those data
     * outlive a stop and a failure; a deletion removes them once no worker runs the pipeline).
     */
    static boolean mayHaveRun(PipelineStatus status) {
        return status != PipelineStatus.CREATED;
    }

    /** What workers are asked to do with a pipeline in this state. */
    static DesiredState desiredState(PipelineStatus status) {
        return switch (status) {
            case RUNNING -> DesiredState.RUNNING;
            case PAUSED -> DesiredState.PAUSED;
            // Nothing should run for these; Stopped also releases the pipeline's resources.
            case CREATED, STOPPED, FAILED -> DesiredState.STOPPED;
        };
    }

    private static String hint(PipelineStatus from, LifecycleAction action) {
        if (action == LifecycleAction.START && from == PipelineStatus.PAUSED) {
            return "; resume it instead";
        }
        if (action == LifecycleAction.RESUME && TRANSITIONS.get(LifecycleAction.START).containsKey(from)) {
            return "; start it instead";
        }
        return "";
    }

    private static void allow(LifecycleAction action, PipelineStatus from, PipelineStatus to) {
        TRANSITIONS.computeIfAbsent(action, (key) -> new EnumMap<>(PipelineStatus.class)).put(from, to);
    }

}
