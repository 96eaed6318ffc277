package io.sluice.model.definition;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes pipeline definitions as JSON.
 *
 * <p>Reading reports what the JSON itself gets wrong (syntax, wrong types, unknown properties,
 * unknown enum values) as an {@link InvalidDefinitionException} listing every such problem with
 * its JSON path; it does not apply the validation rules. Values the validator judges better (an
 * invalid window, a missing value, a null in a list) are read as they are, so the validator can
 * report them together with everything else.
 */
public final class PipelineJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(SerializationFeature.INDENT_OUTPUT)
        .changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
        .build();

    private PipelineJson() {
    }

    /**
     * The definition in this JSON text.
     * @throws InvalidDefinitionException with every problem of the JSON, each with its path
     */
    public static PipelineDefinition read(String json) {
        return bind(parse(() -> MAPPER.readTree(json)));
    }

    /**
     * The definition in this UTF-8 JSON.
     * @throws InvalidDefinitionException with every problem of the JSON, each with its path
     */
    public static PipelineDefinition read(byte[] json) {
        return bind(parse(() -> MAPPER.readTree(json)));
    }

    public static String write(PipelineDefinition definition) {
        return MAPPER.writeValueAsString(definition);
    }

    public static String writePretty(PipelineDefinition definition) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
    }

    public static byte[] writeBytes(PipelineDefinition definition) {
        return MAPPER.writeValueAsBytes(definition);
    }

    private static JsonNode parse(Supplier<JsonNode> reader) {
        JsonNode root;
        try {
            root = reader.get();
        }
        catch (JacksonException ex) {
            throw new InvalidDefinitionException(List.of(new Violation("$", syntaxError(ex))), ex);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidDefinitionException(List.of(new Violation("$", "must be a JSON object")));
        }
        return root;
    }

    private static PipelineDefinition bind(JsonNode root) {
        List<Violation> violations = JsonShape.check(root, PipelineDefinition.class, MAPPER);
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        try {
            return MAPPER.treeToValue(root, PipelineDefinition.class);
        }
        catch (JacksonException ex) {
            // The shape check should have caught it; still report it rather than fail obscurely.
            throw new InvalidDefinitionException(List.of(new Violation(path(ex), ex.getOriginalMessage())), ex);
        }
    }

    private static String syntaxError(JacksonException ex) {
        TokenStreamLocation location = ex.getLocation();
        String where = (location != null && location.getLineNr() > 0)
                ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
        return "malformed JSON" + where + ": " + withoutSourceDescription(ex.getOriginalMessage());
    }

    // Jackson appends where in the source the problem is; the line and column say it better.
    private static String withoutSourceDescription(String message) {
        if (message.startsWith("Trailing token")) {
            return "unexpected content after the JSON object";
        }
        int source = message.indexOf(" (start marker at [Source");
        if (source < 0) {
            source = message.indexOf("\n at [Source");
        }
        return (source < 0) ? message : message.substring(0, source);
    }

    private static String path(JacksonException ex) {
        String path = "$";
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path = JsonShape.property(path, reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path = path + "[" + reference.getIndex() + "]";
            }
        }
        return path;
    }

}
