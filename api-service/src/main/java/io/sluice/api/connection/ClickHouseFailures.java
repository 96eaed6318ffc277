package io.sluice.api.connection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.api.connection.ConnectionFailedException.Failure;

/**
 * Turns a ClickHouse error answer into a failure a person can act on. Servers write errors as
 * {@code Code: 193, e.displayText() = DB::Exception: Wrong password for user default, e.what() = DB::Exception}
 * (up to 20.x) or {@code Code: 516. DB::Exception: default: Authentication failed: ... (AUTHENTICATION_FAILED) (version 23.8.1.1)}.
 * Only such an error's message is shown; any other answer is named by its HTTP status alone.
 */
final class ClickHouseFailures {

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    private static final Pattern MESSAGE = Pattern.compile("DB::Exception: (.*?)(?:, e\\.what\\(\\) = .*| \\(version [^)]*\\))?\\s*$",
            Pattern.DOTALL);

    private static final int UNKNOWN_TABLE = 60;

    private static final int UNKNOWN_DATABASE = 81;

    private static final int UNKNOWN_USER = 192;

    private static final int WRONG_PASSWORD = 193;

    private static final int REQUIRED_PASSWORD = 194;

    private static final int IP_ADDRESS_NOT_ALLOWED = 195;

    private static final int READONLY = 164;

    private static final int ACCESS_DENIED = 497;

    private static final int AUTHENTICATION_FAILED = 516;

    private static final int MAX_MESSAGE = 500;

    private ClickHouseFailures() {
    }

    /**
     * @param status the HTTP status of the answer
     * @param body what the server answered
     */
    static ConnectionFailedException fromResponse(int status, String body) {
        String text = (body != null) ? body.trim() : "";
        Matcher code = CODE.matcher(text);
        if (!code.find() || !text.contains("DB::Exception")) {
            // Not a word of the body: the helpers must not become a way to read other servers' answers.
            return new ConnectionFailedException(Failure.FAILED, "The server answered HTTP " + status
                    + " and does not look like ClickHouse");
        }
        String message = message(text);
        return switch (Integer.parseInt(code.group(1))) {
            case UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED, IP_ADDRESS_NOT_ALLOWED ->
                new ConnectionFailedException(Failure.AUTHENTICATION, "ClickHouse rejected the credentials: " + message);
            case ACCESS_DENIED, READONLY -> new ConnectionFailedException(Failure.AUTHORIZATION,
                    "ClickHouse refused access: " + message);
            case UNKNOWN_DATABASE, UNKNOWN_TABLE -> new ConnectionFailedException(Failure.NOT_FOUND, message);
            default -> new ConnectionFailedException(Failure.FAILED, "ClickHouse answered with an error: " + message);
        };
    }

    private static String message(String text) {
        Matcher matcher = MESSAGE.matcher(text);
        String message = matcher.find() ? matcher.group(1).trim() : text;
        return (message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

}
