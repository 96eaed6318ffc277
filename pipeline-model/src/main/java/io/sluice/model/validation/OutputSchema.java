package io.sluice.model.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.sluice.model.definition.FieldDefinition;
import io.sluice.model.definition.FieldType;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * The fields of the events that reach the filter and the sink: the join's output fields when
 * the pipeline joins, else the fields of every source (independent sources share the sink).
 *
 * @param fields name to type; the type is null where the definition does not say it
 */
record OutputSchema(Map<String, FieldType> fields) {

    private static final int NAMES_SHOWN = 12;

    /**
     * Empty when the definition leaves the output unknown (a source without schema, a join
     * without output fields): checking against a partial schema would only repeat that problem.
     */
    static Optional<OutputSchema> of(PipelineDefinition definition) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        if (definition.join() != null) {
            for (OutputField output : definition.join().outputFields()) {
                if (output != null && output.outputName() != null) {
                    fields.putIfAbsent(output.outputName(), typeOf(definition, output));
                }
            }
        }
        else {
            for (SourceDefinition source : definition.sources()) {
                if (source == null || source.schema() == null) {
                    return Optional.empty();
                }
                for (FieldDefinition field : source.schema().fields()) {
                    if (field != null && field.name() != null) {
                        fields.putIfAbsent(field.name(), field.type());
                    }
                }
            }
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(new OutputSchema(fields));
    }

    boolean has(String field) {
        return this.fields.containsKey(field);
    }

    FieldType type(String field) {
        return this.fields.get(field);
    }

    String describe() {
        String names = this.fields.keySet().stream().limit(NAMES_SHOWN).collect(Collectors.joining(", "));
        return (this.fields.size() > NAMES_SHOWN) ? names + ", ..." : names;
    }

    private static FieldType typeOf(PipelineDefinition definition, OutputField output) {
        SourceDefinition source = definition.source(output.sourceId());
        if (source == null || source.schema() == null) {
            return null;
        }
        FieldDefinition field = source.schema().field(output.field());
        return (field != null) ? field.type() : null;
    }

}
