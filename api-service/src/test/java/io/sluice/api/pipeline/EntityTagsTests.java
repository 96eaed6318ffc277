package io.sluice.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTests {

    @Test
    void tagIsTheQuotedVersion() {
        assertThat(EntityTags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void matchesTheCurrentVersionOnly() {
        assertThat(EntityTags.matches("\"7\"", 7)).isTrue();
        assertThat(EntityTags.matches("\"6\"", 7)).isFalse();
        assertThat(EntityTags.matches("\"70\"", 7)).isFalse();
    }

    @Test
    void matchesAnyTagOfAList() {
        assertThat(EntityTags.matches("\"5\", \"7\"", 7)).isTrue();
        assertThat(EntityTags.matches("\"5\",\"6\"", 7)).isFalse();
    }

    @Test
    void starMatchesAnyVersion() {
        assertThat(EntityTags.matches("*", 3)).isTrue();
    }

    @Test
    void weakOrUnquotedTagsNeverMatch() {
        assertThat(EntityTags.matches("W/\"7\"", 7)).isFalse();
        assertThat(EntityTags.matches("7", 7)).isFalse();
    }

}
