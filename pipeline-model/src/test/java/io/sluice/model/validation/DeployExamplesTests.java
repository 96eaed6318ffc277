package io.sluice.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.sluice.model.definition.PipelineJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The definitions users copy from {@code deploy/examples} are valid as they are. */
class DeployExamplesTests {

    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("..", "deploy", "examples")).filter(path -> path.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAValidDefinition(Path example) throws IOException {
        assertThat(PipelineValidator.validate(PipelineJson.read(Files.readString(example)))).isEmpty();
    }
}
