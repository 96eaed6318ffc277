package io.sluice.testsupport;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Plain SQL over ClickHouse's HTTP interface for test set-up and assertions. Deliberately not
 * the client library under test: a check that goes through the same client as the code it
 * checks would share its bugs. Responses are TabSeparated and uncompressed, which every server
 * version back to 18.16 speaks.
 */
public final class ClickHouseHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUri;

    public ClickHouseHttp(String baseUrl) {
        this.baseUri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** Runs a statement that returns nothing (DDL, INSERT … VALUES). */
    public void execute(String sql) {
        send(sql);
    }

    /** Runs a query and returns its TabSeparated rows, one string per row. */
    public List<String> queryRows(String sql) {
        String body = send(sql);
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    /** Runs a query returning one number, e.g. {@code SELECT count() FROM t}. */
    public long queryLong(String sql) {
        return Long.parseLong(send(sql).trim());
    }

    public void createDatabase(String database) {
        execute("CREATE DATABASE IF NOT EXISTS " + database);
    }

    public void dropDatabase(String database) {
        execute("DROP DATABASE IF EXISTS " + database);
    }

    static boolean closedBeforeAnswering(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException
                    || (cause.getMessage() != null && cause.getMessage().contains("header parser received no bytes"))) {
                return true;
            }
        }
        return false;
    }

    private String send(String sql) {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("?enable_http_compression=0&query="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!closedBeforeAnswering(e)) {
                    throw e;
                }
                // ClickHouse closed this kept-alive connection for idling past its keep_alive_timeout
                // (3 s) just as the request went out: it never read it, so it is sent again.
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered HTTP " + response.statusCode() + " to `" + sql + "`: " + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + baseUri + " failed on `" + sql + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for ClickHouse", e);
        }
    }
}
