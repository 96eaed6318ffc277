package io.sluice.api.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sluice.model.control.WorkerState;

/**
 * Why a pipeline does not run where it is meant to, in sentences: each component whose reporting
 * replicas report it failed (it could not start there, e.g. its streams could not be provisioned,
 * or it stopped itself), with the newest such replica's reason. The lifecycle state says what the
 * user asked for; this says what the workers managed, so a pipeline is never shown as simply
 * running while a stage of it cannot. Replicas retry a failed start by themselves, so a problem
 * goes once its cause does. Pure.
 */
final class PipelineProblems {

    private PipelineProblems() {
    }

    /** The problems of the components, in their order; empty when every reporting replica runs it. */
    static List<String> of(List<ComponentStatus> components) {
        List<String> problems = new ArrayList<>();
        for (ComponentStatus component : components) {
            List<ReplicaStatus> failed = component.replicas().stream()
                    .filter(ReplicaStatus::reporting)
                    .filter(replica -> replica.state() == WorkerState.FAILED)
                    .sorted(Comparator.comparing(ReplicaStatus::heartbeatAt).reversed())
                    .toList();
            if (failed.isEmpty()) {
                continue;
            }
            String reason = failed.stream().map(ReplicaStatus::lastError).filter(error -> error != null && !error.isBlank())
                    .findFirst().orElse("no reason given");
            String where = (failed.size() == component.replicasReporting())
                    ? (component.replicasReporting() == 1 ? "its replica" : "all " + component.replicasReporting() + " replicas")
                    : failed.size() + " of " + component.replicasReporting() + " replicas";
            problems.add(component.component() + " cannot run it on " + where + ": " + reason);
        }
        return List.copyOf(problems);
    }
}
