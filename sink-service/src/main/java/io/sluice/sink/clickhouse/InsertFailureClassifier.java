package io.sluice.sink.clickhouse;

import java.io.IOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;

/**
 * Decides whether a failed insert (or start-up query) is worth retrying. Conversion errors never
 * get here: rows are converted before the block is built, and a bad row goes to the dead-letter
 * stream.
 *
 * <ul>
 * <li>Transient, retried with backoff: the server cannot be reached or does not answer in time;
 * ClickHouse error codes that heal by themselves (too many parts, memory or quota limits, ZooKeeper
 * or Keeper trouble, a replica in read-only mode, timeouts, network errors between servers);
 * HTTP 408, 429 and 5xx without an error code (a proxy in front of ClickHouse).</li>
 * <li>Fatal for the pipeline: every other error the server reports, e.g. unknown table or
 * database, unknown column, authentication or access refused, a type mismatch after someone altered
 * the table; TLS failures; errors inside the client. Retrying would resend the same bytes to the
 * same refusal, so the pipeline stops with the reason for a person to read.</li>
 * </ul>
 * The error code lists are from ClickHouse's {@code src/Common/ErrorCodes.cpp}. Servers before
 * 19.x send no {@code X-ClickHouse-Exception-Code} header, so the code is read from the message
 * ({@code Code: 60, e.displayText() = ...}) when the client could not tell it.
 */
public final class InsertFailureClassifier {

    private static final Map<Integer, String> TRANSIENT = Map.ofEntries(
            Map.entry(159, "TIMEOUT_EXCEEDED"),
            Map.entry(173, "CANNOT_ALLOCATE_MEMORY"),
            Map.entry(201, "QUOTA_EXPIRED"),
            Map.entry(202, "TOO_MANY_SIMULTANEOUS_QUERIES"),
            Map.entry(203, "NO_FREE_CONNECTION"),
            Map.entry(209, "SOCKET_TIMEOUT"),
            Map.entry(210, "NETWORK_ERROR"),
            Map.entry(218, "TABLE_IS_DROPPED"),
            Map.entry(225, "NO_ZOOKEEPER"),
            Map.entry(236, "ABORTED"),
            Map.entry(241, "MEMORY_LIMIT_EXCEEDED"),
            Map.entry(242, "TABLE_IS_READ_ONLY"),
            Map.entry(243, "NOT_ENOUGH_SPACE"),
            Map.entry(244, "UNEXPECTED_ZOOKEEPER_ERROR"),
            Map.entry(252, "TOO_MANY_PARTS"),
            Map.entry(254, "NO_ACTIVE_REPLICAS"),
            Map.entry(279, "ALL_CONNECTION_TRIES_FAILED"),
            Map.entry(285, "TOO_FEW_LIVE_REPLICAS"),
            Map.entry(286, "UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE"),
            Map.entry(319, "UNKNOWN_STATUS_OF_INSERT"),
            Map.entry(364, "RECEIVED_ERROR_TOO_MANY_REQUESTS"),
            Map.entry(373, "SESSION_IS_LOCKED"),
            Map.entry(394, "QUERY_WAS_CANCELLED"),
            Map.entry(425, "SYSTEM_ERROR"),
            Map.entry(999, "KEEPER_EXCEPTION"),
            Map.entry(1000, "POCO_EXCEPTION"));

    // Named so the reason reads well; any code not in TRANSIENT is fatal, named or not.
    private static final Map<Integer, String> FATAL = Map.ofEntries(
            Map.entry(16, "NO_SUCH_COLUMN_IN_TABLE"),
            Map.entry(27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED"),
            Map.entry(33, "CANNOT_READ_ALL_DATA"),
            Map.entry(53, "TYPE_MISMATCH"),
            Map.entry(60, "UNKNOWN_TABLE"),
            Map.entry(62, "SYNTAX_ERROR"),
            Map.entry(81, "UNKNOWN_DATABASE"),
            Map.entry(115, "UNKNOWN_SETTING"),
            Map.entry(164, "READONLY"),
            Map.entry(192, "UNKNOWN_USER"),
            Map.entry(193, "WRONG_PASSWORD"),
            Map.entry(194, "REQUIRED_PASSWORD"),
            Map.entry(195, "IP_ADDRESS_NOT_ALLOWED"),
            Map.entry(291, "DATABASE_ACCESS_DENIED"),
            Map.entry(497, "ACCESS_DENIED"),
            Map.entry(516, "AUTHENTICATION_FAILED"));

    private static final Pattern CODE = Pattern.compile("^\\s*Code:\\s*(\\d+)");

    private static final int MAX_REASON = 400;

    private InsertFailureClassifier() {
    }

    public static ClickHouseFailure classify(Throwable failure) {
        Throwable error = unwrap(failure);
        ServerException server = find(error, ServerException.class);
        if (server != null) {
            return fromServer(server.getCode(), server.getTransportProtocolCode(), server.getMessage());
        }
        if (find(error, SSLHandshakeException.class) != null || find(error, SSLPeerUnverifiedException.class) != null
                || find(error, GeneralSecurityException.class) != null) {
            return new ClickHouseFailure(Disposition.PIPELINE_FATAL, 0, "TLS with ClickHouse failed: " + rootMessage(error));
        }
        if (find(error, TimeoutException.class) != null) {
            return new ClickHouseFailure(Disposition.TRANSIENT, 0, "ClickHouse did not answer in time: " + rootMessage(error));
        }
        if (find(error, UnknownHostException.class) != null) {
            // A DNS hiccup heals; a misspelt host does not, but then the reason says so in the status.
            return new ClickHouseFailure(Disposition.TRANSIENT, 0, "unknown ClickHouse host: " + rootMessage(error));
        }
        if (find(error, ClientMisconfigurationException.class) != null) {
            return new ClickHouseFailure(Disposition.PIPELINE_FATAL, 0, "the ClickHouse client is misconfigured: " + rootMessage(error));
        }
        if (find(error, IOException.class) != null || find(error, ConnectionInitiationException.class) != null) {
            return new ClickHouseFailure(Disposition.TRANSIENT, 0, "cannot reach ClickHouse: " + rootMessage(error));
        }
        return new ClickHouseFailure(Disposition.PIPELINE_FATAL, 0, "unexpected error talking to ClickHouse: " + rootMessage(error));
    }

    /**
     * Classifies an error the server reported.
     * @param code the error code the client read, or 0 if it could not
     * @param httpStatus the HTTP status of the answer
     */
    static ClickHouseFailure fromServer(int code, int httpStatus, String message) {
        int effective = (code != 0) ? code : codeIn(message);
        String text = clean(message);
        if (effective == 0) {
            boolean transientStatus = httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
            return new ClickHouseFailure(transientStatus ? Disposition.TRANSIENT : Disposition.PIPELINE_FATAL, 0,
                    shorten("ClickHouse answered HTTP " + httpStatus + ": " + text));
        }
        String transientName = TRANSIENT.get(effective);
        String name = (transientName != null) ? transientName : FATAL.get(effective);
        String reason = "ClickHouse error " + effective + ((name != null) ? " " + name : "") + ": " + text;
        return new ClickHouseFailure((transientName != null) ? Disposition.TRANSIENT : Disposition.PIPELINE_FATAL, effective,
                shorten(reason));
    }

    private static int codeIn(String message) {
        if (message == null) {
            return 0;
        }
        Matcher matcher = CODE.matcher(message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /**
     * The server's sentence without the wrapping both old and new servers add:
     * {@code Code: 60, e.displayText() = DB::Exception: X, e.what() = DB::Exception} and
     * {@code Code: 60. DB::Exception: X. (UNKNOWN_TABLE) (version 24.3.1)}.
     */
    static String clean(String message) {
        if (message == null) {
            return "no message";
        }
        String text = message.strip();
        text = text.replaceFirst("^Code:\\s*\\d+[.,]\\s*", "");
        text = text.replaceFirst("^e\\.displayText\\(\\) = ", "");
        text = text.replaceFirst("^DB::Exception:\\s*", "");
        text = text.replaceFirst("(?s),\\s*e\\.what\\(\\) = DB::Exception.*$", "");
        text = text.replaceFirst("(?s)\\s*\\(transport error: \\d+\\)\\s*$", "");
        text = text.replaceFirst("(?s)\\s*\\(version \\d.*$", "");
        return text.strip();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while ((error instanceof ExecutionException || error instanceof CompletionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
        return shorten(message);
    }

    private static String shorten(String text) {
        return (text.length() <= MAX_REASON) ? text : text.substring(0, MAX_REASON) + "…";
    }

}
