package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the ClickHouse helpers: literals, versions, error answers. */
class ClickHouseTests {

    @Test
    void literalEscapesQuotesAndBackslashesSoTheValueCannotEndEarly() {
        assertThat(ClickHouseSql.literal("orders")).isEqualTo("'orders'");
        assertThat(ClickHouseSql.literal("x' OR 1=1 --")).isEqualTo("'x\\' OR 1=1 --'");
        assertThat(ClickHouseSql.literal("a\\' OR 1")).isEqualTo("'a\\\\\\' OR 1'");
        assertThat(ClickHouseSql.literal("tab\tnew\nline\0")).isEqualTo("'tab\\tnew\\nline\\0'");
    }

    @ParameterizedTest
    @CsvSource({ "18.16.1, false", "21.8.15.7, false", "22.1.3.7, false", "22.2.2.1, true", "22.12.1, true",
            "24.3.2.23, true", "23.8.1.1-lts, true" })
    void insertDeduplicationTokenCameWith22Point2(String version, boolean supported) {
        assertThat(ClickHouseVersion.parse(version).supportsInsertDeduplicationToken()).isEqualTo(supported);
    }

    @Test
    void rejectsTextThatIsNoVersion() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClickHouseVersion.parse("unknown"));
    }

    @Test
    void oldServersWrongPasswordIsAnAuthenticationFailureWithTheServersWords() {
        ConnectionFailedException failure = ClickHouseFailures.fromResponse(500,
                "Code: 193, e.displayText() = DB::Exception: Wrong password for user default, e.what() = DB::Exception\n");

        assertThat(failure.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(failure.getMessage()).isEqualTo("ClickHouse rejected the credentials: Wrong password for user default");
    }

    @Test
    void newServersAuthenticationFailureReadsTheSame() {
        ConnectionFailedException failure = ClickHouseFailures.fromResponse(516,
                "Code: 516. DB::Exception: bob: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 23.8.1.1)");

        assertThat(failure.failure()).isEqualTo(Failure.AUTHENTICATION);
        assertThat(failure.getMessage()).isEqualTo("ClickHouse rejected the credentials: bob: Authentication failed: "
                + "password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)");
    }

    @Test
    void unknownDatabaseIsNotFound() {
        ConnectionFailedException failure = ClickHouseFailures.fromResponse(404,
                "Code: 81, e.displayText() = DB::Exception: Database nope doesn't exist, e.what() = DB::Exception");

        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(failure.getMessage()).isEqualTo("Database nope doesn't exist");
    }

    @Test
    void somethingThatIsNotClickHouseSaysSo() {
        ConnectionFailedException failure = ClickHouseFailures.fromResponse(404, "<html>Not Found</html>");

        assertThat(failure.failure()).isEqualTo(Failure.FAILED);
        assertThat(failure.getMessage()).isEqualTo("The server answered HTTP 404 and does not look like ClickHouse");
    }

    @Test
    void theBodyOfAnAnswerThatIsNotClickHouseIsNeverShownEvenWithACodeInIt() {
        ConnectionFailedException failure = ClickHouseFailures.fromResponse(500,
                "{\"error\": \"Code: 7\", \"internal\": \"db-password=hunter2\"}");

        assertThat(failure.failure()).isEqualTo(Failure.FAILED);
        assertThat(failure.getMessage()).isEqualTo("The server answered HTTP 500 and does not look like ClickHouse");
    }
}
