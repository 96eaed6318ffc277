package io.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JacksonMessagesTests {

    @Test
    void keepsLineAndColumnOfAnEmbeddedLocation() {
        assertThat(JacksonMessages.plain("Unexpected end-of-input: expected close marker for Object (start marker at"
                + " [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, column: 5])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (start marker at line 2, column 5)");
    }

    @Test
    void dropsAnEmbeddedLocationThatSaysNothing() {
        assertThat(JacksonMessages.plain("Unexpected end-of-input: expected close marker for Array (start marker at"
                + " [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Array");
    }

    @Test
    void leavesAMessageWithoutLocationAlone() {
        assertThat(JacksonMessages.plain("Unrecognized token 'not': was expecting (JSON String, Number, Array, Object"
                + " or token 'null', 'true' or 'false')"))
                .isEqualTo("Unrecognized token 'not': was expecting (JSON String, Number, Array, Object"
                        + " or token 'null', 'true' or 'false')");
    }

}
