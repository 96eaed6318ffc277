package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;

class InsertFailureClassifierTests {

    private static ClickHouseFailure server(int code, int httpStatus, String message) {
        return InsertFailureClassifier.classify(new ServerException(code, message, httpStatus, "query-1"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 159, 173, 201, 202, 203, 209, 210, 218, 225, 236, 241, 242, 243, 244, 252, 254, 279, 285, 286,
            319, 364, 373, 394, 425, 999, 1000 })
    void retriesServerErrorsThatHealByThemselves(int code) {
        ClickHouseFailure failure = server(code, 500, "Code: " + code + ". DB::Exception: something. (X) (version 24.3.1.2672)");

        assertThat(failure.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(failure.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = { 16, 27, 33, 53, 60, 62, 81, 115, 164, 192, 193, 194, 195, 291, 497, 516 })
    void failsThePipelineForServerErrorsNoRetryCanFix(int code) {
        assertThat(server(code, 400, "Code: " + code + ". DB::Exception: no.").disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
    }

    @Test
    void failsThePipelineForServerErrorsItDoesNotKnow() {
        assertThat(server(48, 500, "Code: 48. DB::Exception: Not implemented.").disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
    }

    @Test
    void namesTooManyPartsInItsReason() {
        ClickHouseFailure failure = server(252, 500,
                "Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts. "
                        + "(TOO_MANY_PARTS) (version 24.3.1.2672 (official build))");

        assertThat(failure.reason()).isEqualTo("ClickHouse error 252 TOO_MANY_PARTS: Too many parts (300). "
                + "Merges are processing significantly slower than inserts. (TOO_MANY_PARTS)");
    }

    @Test
    void readsTheCodeFromTheMessageOfOldServersThatSendNoCodeHeader() {
        // What client-v2 0.11 reports for ClickHouse 18.16: code 0, the code only in the text.
        ClickHouseFailure unknownTable = server(0, 404, "Code: 60, e.displayText() = DB::Exception: Table db.events doesn't exist., "
                + "e.what() = DB::Exception (transport error: 404)");
        ClickHouseFailure zooKeeper = server(0, 500, "Code: 999, e.displayText() = Coordination::Exception: Connection loss, "
                + "e.what() = Coordination::Exception (transport error: 500)");

        assertThat(unknownTable.disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
        assertThat(unknownTable.code()).isEqualTo(60);
        assertThat(unknownTable.reason()).isEqualTo("ClickHouse error 60 UNKNOWN_TABLE: Table db.events doesn't exist.");
        assertThat(zooKeeper.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(zooKeeper.code()).isEqualTo(999);
    }

    @Test
    void failsThePipelineWhenTheCredentialsAreRefused() {
        ClickHouseFailure failure = server(0, 401, "Code: 193, e.displayText() = DB::Exception: Wrong password for user default, "
                + "e.what() = DB::Exception (transport error: 401)");

        assertThat(failure.disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
        assertThat(failure.reason()).isEqualTo("ClickHouse error 193 WRONG_PASSWORD: Wrong password for user default");
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504, 408, 429 })
    void retriesHttpErrorsWithoutACodeFromAProxyInFront(int status) {
        ClickHouseFailure failure = server(0, status, "<html>Bad Gateway</html>");

        assertThat(failure.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(failure.reason()).isEqualTo("ClickHouse answered HTTP " + status + ": <html>Bad Gateway</html>");
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404 })
    void failsThePipelineForClientSideHttpErrorsWithoutACode(int status) {
        assertThat(server(0, status, "Forbidden").disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
    }

    @Test
    void retriesWhenTheConnectionIsRefused() {
        ClickHouseFailure failure = InsertFailureClassifier.classify(new ConnectionInitiationException(
                "Insert request failed", new ConnectException("Connect to http://127.0.0.1:1 failed: Connection refused")));

        assertThat(failure.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(failure.code()).isZero();
        assertThat(failure.reason()).isEqualTo("cannot reach ClickHouse: Connect to http://127.0.0.1:1 failed: Connection refused");
    }

    @Test
    void retriesResetsTimeoutsAndCutConnectionsWrappedAnyWay() {
        assertThat(InsertFailureClassifier.classify(new ClientException("failed", new SocketException("Connection reset")))
                .disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(InsertFailureClassifier.classify(new ExecutionException(new SocketTimeoutException("Read timed out")))
                .disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(InsertFailureClassifier.classify(new CompletionException(new EOFException()))
                .disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(InsertFailureClassifier.classify(new ExecutionException(new ServerException(252, "Code: 252. Too many parts", 500, "q")))
                .disposition()).isEqualTo(Disposition.TRANSIENT);
    }

    @Test
    void retriesWhenNoAcknowledgementCameInTime() {
        ClickHouseFailure failure = InsertFailureClassifier.classify(new TimeoutException("no acknowledgement within PT2M"));

        assertThat(failure.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(failure.reason()).isEqualTo("ClickHouse did not answer in time: no acknowledgement within PT2M");
    }

    @Test
    void retriesAnUnknownHostButSaysWhichOne() {
        ClickHouseFailure failure = InsertFailureClassifier.classify(new ClientException("failed",
                new UnknownHostException("clickhuose.internal")));

        assertThat(failure.disposition()).isEqualTo(Disposition.TRANSIENT);
        assertThat(failure.reason()).isEqualTo("unknown ClickHouse host: clickhuose.internal");
    }

    @Test
    void failsThePipelineWhenTlsFails() {
        ClickHouseFailure failure = InsertFailureClassifier.classify(new ClientException("failed",
                new SSLHandshakeException("PKIX path building failed")));

        assertThat(failure.disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
        assertThat(failure.reason()).isEqualTo("TLS with ClickHouse failed: PKIX path building failed");
    }

    @Test
    void failsThePipelineForAMisconfiguredClientOrAnythingUnexpected() {
        assertThat(InsertFailureClassifier.classify(new ClientMisconfigurationException("no endpoint")).disposition())
                .isEqualTo(Disposition.PIPELINE_FATAL);
        ClickHouseFailure bug = InsertFailureClassifier.classify(new IllegalStateException("boom"));
        assertThat(bug.disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
        assertThat(bug.reason()).isEqualTo("unexpected error talking to ClickHouse: boom");
    }

    @Test
    void keepsReasonsShort() {
        ClickHouseFailure failure = server(62, 400, "Code: 62. DB::Exception: " + "x".repeat(5_000));

        assertThat(failure.reason().length()).isLessThanOrEqualTo(401);
    }

}
