package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.List;

import io.sluice.model.definition.InvalidDefinitionException;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.Violation;
import io.sluice.model.validation.PipelineValidator;
import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.ErrorRouting.Location;
import io.sluice.ui.wizard.WizardForms.Forms;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The problems of one wizard page, found when the user presses Next: the definition as far as the
 * forms go is judged by the very rules the api-service applies ({@link PipelineValidator}), and only
 * the violations {@link ErrorRouting} places on this page are kept. Pages not filled in yet break
 * rules too; those wait for their own page.
 */
final class StepCheck {

    private StepCheck() {
    }

    static List<Problem> of(Step step, Forms forms, List<TableColumn> columns) {
        List<Problem> problems = new ArrayList<>();
        for (Violation violation : violations(DefinitionAssembler.assemble(forms, columns))) {
            Location location = ErrorRouting.route(violation.path());
            if (location.step() == step) {
                problems.add(new Problem(location, violation.path(),
                        ProblemWording.sentence(location, violation.path(), violation.message())));
            }
        }
        return problems;
    }

    /**
     * Every violation of the definition. A value of the wrong JSON type (a batch size that is not a
     * number) stops the reading before the rules run; it is reported, and the definition is read
     * again without it so the rules still judge everything else.
     */
    static List<Violation> violations(ObjectNode definition) {
        List<Violation> found = new ArrayList<>();
        ObjectNode remaining = definition.deepCopy();
        for (int attempt = 0; attempt < 5; attempt++) {
            PipelineDefinition read;
            try {
                read = PipelineJson.read(remaining.toString());
            } catch (InvalidDefinitionException e) {
                found.addAll(e.violations());
                boolean removed = false;
                for (Violation violation : e.violations()) {
                    removed |= remove(remaining, violation.path());
                }
                if (!removed) {
                    return found;
                }
                continue;
            }
            for (Violation violation : PipelineValidator.validate(read)) {
                // A value left out above is reported once, as the JSON reading saw it.
                if (found.stream().noneMatch((f) -> f.path().equals(violation.path()))) {
                    found.add(violation);
                }
            }
            return found;
        }
        return found;
    }

    // Removes the property at "$.sink.maxBatchSize" or "$.sources[0].schema.fields[1].type"; false when
    // the path is not a property of an object.
    private static boolean remove(ObjectNode root, String path) {
        String[] parts = path.replaceFirst("^\\$\\.?", "").split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child(node, parts[i]);
            if (node == null) {
                return false;
            }
        }
        String last = parts[parts.length - 1];
        if (!(node instanceof ObjectNode object) || last.contains("[") || !object.has(last)) {
            return false;
        }
        object.remove(last);
        return true;
    }

    private static JsonNode child(JsonNode node, String part) {
        int bracket = part.indexOf('[');
        JsonNode child = node.get(bracket < 0 ? part : part.substring(0, bracket));
        if (child != null && bracket >= 0) {
            child = child.get(Integer.parseInt(part.substring(bracket + 1, part.indexOf(']'))));
        }
        return child;
    }
}
