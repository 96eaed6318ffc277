package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemWordingTests {

    @Test
    void aRuleThatContinuesTheLabelReadsAsOneSentence() {
        assertThat(sentence("$.sources[0].dedup.window", "must be positive, was '-5m'"))
                .isEqualTo("Dedup window must be positive, was '-5m'.");
        assertThat(sentence("$.sink.maxDelay", "'forever' is not a duration; expected a whole number"))
                .isEqualTo("Maximum delay 'forever' is not a duration; expected a whole number.");
    }

    @Test
    void aRuleAboutTheValueIsSaidAfterTheLabel() {
        assertThat(sentence("$.sources[0].dedup.key[0]", "unknown field \"x\": not in the schema of source \"orders\""))
                .isEqualTo("Dedup key: Unknown field \"x\": not in the schema of source \"orders\".");
    }

    @Test
    void theIdRuleNamesTheAllowedCharactersAndWhatWasTyped() {
        assertThat(sentence("$.id", "must be a slug of at most 63 lower-case letters, digits and '-', starting with a"
                + " letter or digit, not \"UI Test!\"")).isEqualTo("Pipeline id may use only lower-case letters, digits"
                + " and '-', starting with a letter or digit (got \"UI Test!\").");
    }

    @Test
    void neverShowsAJsonPath() {
        assertThat(sentence("$.sources[0].id", "duplicate source id \"a\" (also at $.sources[1].id)"))
                .isEqualTo("Source id: Duplicate source id \"a\".");
        assertThat(sentence("$.sources", "needs at least one source")).isEqualTo("Add at least one source.");
    }

    @Test
    void aColumnOfATableRowIsNamedByItsOwnName() {
        assertThat(sentence("$.sources[0].schema.fields[2].type", "is required")).isEqualTo("Type is required.");
    }

    private static String sentence(String path, String message) {
        return ProblemWording.sentence(ErrorRouting.route(path), path, message);
    }
}
