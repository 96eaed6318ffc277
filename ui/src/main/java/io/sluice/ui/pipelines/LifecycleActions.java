package io.sluice.ui.pipelines;

import java.util.List;

/**
 * Which lifecycle buttons a pipeline in a given state offers: the transitions the api-service
 * allows (start from Created, Stopped or Failed; pause from Running; resume from Paused; stop
 * from Running or Paused). Offering only these keeps users from clicking into a 409.
 */
final class LifecycleActions {

    /** @param destructive asks for confirmation before it is sent */
    record Action(String name, String label, boolean destructive) {
    }

    static final List<String> ALL = List.of("start", "pause", "resume", "stop");

    private static final Action START = new Action("start", "Start", false);

    private static final Action PAUSE = new Action("pause", "Pause", false);

    private static final Action RESUME = new Action("resume", "Resume", false);

    private static final Action STOP = new Action("stop", "Stop", true);

    private LifecycleActions() {
    }

    static List<Action> available(String status) {
        return switch (status == null ? "" : status) {
            case "created", "stopped", "failed" -> List.of(START);
            case "running" -> List.of(PAUSE, STOP);
            case "paused" -> List.of(RESUME, STOP);
            default -> List.of();
        };
    }
}
