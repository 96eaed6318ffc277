package io.sluice.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sluice.model.definition.InvalidDefinitionException;
import io.sluice.model.definition.KafkaConnection;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Violation;

/**
 * Checks a pipeline definition against every rule and reports every problem, each with the
 * JSON path of the value at fault, so a user fixes a definition in one round.
 */
public final class PipelineValidator {

    private PipelineValidator() {
    }

    /** Longest pipeline name; the list page shows it in full. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final Set<String> RESERVED_IDS = Set.of("new", "import");

    /** Every problem of the definition; empty if it is valid. */
    public static List<Violation> validate(PipelineDefinition definition) {
        Problems problems = new Problems();
        if (!problems.required("$", definition)) {
            return problems.violations();
        }
        problems.slug("$.id", definition.id());
        if (definition.id() != null && RESERVED_IDS.contains(definition.id())) {
            // The ui's pages live at /pipelines/new and /pipelines/import: a pipeline with one of
            // these ids would have no reachable detail page there.
            problems.add("$.id", "\"" + definition.id() + "\" is reserved; choose another id");
        }
        if (problems.required("$.name", definition.name())) {
            problems.maxLength("$.name", definition.name(), MAX_NAME_LENGTH);
        }
        sources(problems, definition);
        if (definition.join() != null) {
            JoinRules.check(problems, definition);
        }
        Optional<OutputSchema> output = OutputSchema.of(definition);
        FilterRules.check(problems, definition.filter(), output);
        SinkRules.check(problems, definition.sink(), output);
        return problems.violations();
    }

    /**
     * Every problem of a Kafka connection on its own, as the definition's rules see it (the UI
     * tests a connection before the rest of the pipeline exists).
     * @param path JSON path of the connection, prefixed to each violation's path
     */
    public static List<Violation> validateKafkaConnection(String path, KafkaConnection connection) {
        Problems problems = new Problems();
        KafkaRules.check(problems, path, connection);
        return problems.violations();
    }

    /**
     * The definition itself if it is valid.
     * @throws InvalidDefinitionException with every problem otherwise
     */
    public static PipelineDefinition requireValid(PipelineDefinition definition) {
        List<Violation> violations = validate(definition);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        return definition;
    }

    private static void sources(Problems problems, PipelineDefinition definition) {
        if (!problems.notEmpty("$.sources", definition.sources(), "source")) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < definition.sources().size(); i++) {
            String path = "$.sources[" + i + "]";
            SourceDefinition source = definition.sources().get(i);
            if (problems.element(path, source)) {
                SourceRules.check(problems, path, source);
                ids.add(source.id());
                paths.add(path + ".id");
            }
        }
        problems.unique(ids, paths, "source id");
    }

}
