package io.sluice.api.connection;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import io.sluice.model.clickhouse.TableDeduplication;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ClickHouseInspector} over ClickHouse's plain HTTP interface with {@code FORMAT JSON} and
 * uncompressed answers, which every server back to 18.16 speaks (the client library's query path
 * needs a newer server). User input enters queries only as escaped string literals
 * ({@link ClickHouseSql}).
 */
class HttpClickHouseInspector implements ClickHouseInspector {

    private static final long PROBE_MILLIS = 5_000;

    private final Duration timeout;

    private final JsonMapper json;

    private final HttpClient http;

    HttpClickHouseInspector(Duration timeout, JsonMapper json) {
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    @Override
    public String version(ClickHouseConnection connection) {
        probe(connection.url());
        List<JsonNode> rows = query(connection, "SELECT version() AS version");
        String version = rows.isEmpty() ? "" : rows.get(0).path("version").asString("");
        if (connection.database() != null && !connection.database().isBlank()) {
            requireDatabase(connection, connection.database());
        }
        return version;
    }

    @Override
    public List<Table> tables(ClickHouseConnection connection, String database) {
        probe(connection.url());
        requireDatabase(connection, database);
        return query(connection, "SELECT name, engine FROM system.tables WHERE database = " + ClickHouseSql.literal(database)
                + " ORDER BY name")
            .stream()
            .map((row) -> new Table(row.path("name").asString(""), row.path("engine").asString("")))
            .toList();
    }

    @Override
    public List<Column> columns(ClickHouseConnection connection, String database, String table) {
        probe(connection.url());
        // system.columns lists a table's columns in the order of its definition.
        List<Column> columns = query(connection, "SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseSql.literal(database) + " AND table = " + ClickHouseSql.literal(table))
            .stream()
            .map((row) -> new Column(row.path("name").asString(""), row.path("type").asString("")))
            .toList();
        if (columns.isEmpty()) {
            requireDatabase(connection, database);
            throw new ConnectionFailedException(Failure.NOT_FOUND,
                    "Table '" + table + "' does not exist in database '" + database + "'");
        }
        return columns;
    }

    @Override
    public Optional<TableDeduplication> deduplication(ClickHouseConnection connection, String database, String table) {
        probe(connection.url());
        List<JsonNode> found = query(connection, "SELECT engine, engine_full FROM system.tables WHERE database = "
                + ClickHouseSql.literal(database) + " AND name = " + ClickHouseSql.literal(table));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> defaults = new HashMap<>();
        String names = TableDeduplication.SETTINGS.stream().map(ClickHouseSql::literal).collect(Collectors.joining(", "));
        for (JsonNode row : query(connection, "SELECT name, value FROM system.merge_tree_settings WHERE name IN (" + names + ")")) {
            defaults.put(row.path("name").asString(""), row.path("value").asString(""));
        }
        // The ZooKeeper path serves the sink's replay check only; the verdict does not need it.
        return Optional.of(TableDeduplication.of(found.get(0).path("engine").asString(""),
                found.get(0).path("engine_full").asString(""), defaults, null));
    }

    @Override
    public Set<String> macros(ClickHouseConnection connection) {
        probe(connection.url());
        Set<String> names = new HashSet<>();
        query(connection, "SELECT macro FROM system.macros").forEach((row) -> names.add(row.path("macro").asString("")));
        return names;
    }

    @Override
    public void execute(ClickHouseConnection connection, String statement) {
        probe(connection.url());
        URI uri = endpoint(connection.url());
        HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(uri), connection)
            .timeout(this.timeout)
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8))
            .build(), uri);
        if (response.statusCode() != 200) {
            throw ClickHouseFailures.fromResponse(response.statusCode(), response.body());
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, ClickHouseConnection connection) {
        String username = (connection.username() == null || connection.username().isBlank()) ? "default"
                : connection.username();
        String password = (connection.password() != null) ? connection.password() : "";
        return request.header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private void requireDatabase(ClickHouseConnection connection, String database) {
        if (query(connection, "SELECT name FROM system.databases WHERE name = " + ClickHouseSql.literal(database)).isEmpty()) {
            throw new ConnectionFailedException(Failure.NOT_FOUND, "Database '" + database + "' does not exist");
        }
    }

    private List<JsonNode> query(ClickHouseConnection connection, String sql) {
        URI uri = endpoint(connection.url());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .timeout(this.timeout)
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT JSON", StandardCharsets.UTF_8));
        String username = (connection.username() == null || connection.username().isBlank()) ? "default"
                : connection.username();
        String password = (connection.password() != null) ? connection.password() : "";
        request.header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = send(request.build(), uri);
        if (response.statusCode() != 200) {
            throw ClickHouseFailures.fromResponse(response.statusCode(), response.body());
        }
        try {
            List<JsonNode> rows = new ArrayList<>();
            this.json.readTree(response.body()).path("data").forEach(rows::add);
            return rows;
        }
        catch (JacksonException ex) {
            throw new ConnectionFailedException(Failure.FAILED,
                    "The server at " + connection.url() + " answered, but not as ClickHouse does", ex);
        }
    }

    private HttpResponse<String> send(HttpRequest request, URI uri) {
        String server = uri.getScheme() + "://" + uri.getAuthority();
        try {
            try {
                return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                if (!closedBeforeAnswering(ex)) {
                    throw ex;
                }
                // ClickHouse closes an idle kept-alive connection after keep_alive_timeout (3 s by
                // default); a request sent on it just then gets no byte back and was never read.
                // These are read-only queries: one more try on a fresh connection.
                return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
        }
        catch (HttpConnectTimeoutException ex) {
            // The probe just connected, so what did not finish in time is the TLS handshake.
            if ("https".equals(uri.getScheme())) {
                throw new ConnectionFailedException(Failure.TLS, "ClickHouse at " + server + " accepted the connection"
                        + " but did not complete a TLS handshake within " + KafkaFailures.seconds(this.timeout)
                        + ". Is the port an HTTPS one?", ex);
            }
            throw new ConnectionFailedException(Failure.TIMEOUT, "ClickHouse at " + server + " did not answer within "
                    + KafkaFailures.seconds(this.timeout), ex);
        }
        catch (HttpTimeoutException ex) {
            throw new ConnectionFailedException(Failure.TIMEOUT, "ClickHouse at " + server + " did not answer within "
                    + KafkaFailures.seconds(this.timeout), ex);
        }
        catch (SSLException ex) {
            throw new ConnectionFailedException(Failure.TLS, "TLS handshake with ClickHouse at " + server + " failed: "
                    + ex.getMessage() + ". Is the port an HTTPS one, and its certificate trusted by this JVM?", ex);
        }
        catch (ConnectException ex) {
            throw new ConnectionFailedException(Failure.UNREACHABLE,
                    "Cannot connect to ClickHouse at " + server + ": " + connectProblem(ex), ex);
        }
        catch (IOException ex) {
            if (hasCause(ex, SSLException.class)) {
                throw new ConnectionFailedException(Failure.TLS, "TLS handshake with ClickHouse at " + server
                        + " failed. Is the port an HTTPS one, and its certificate trusted by this JVM?", ex);
            }
            throw new ConnectionFailedException(Failure.UNREACHABLE, "Connection to ClickHouse at " + server
                    + " failed: " + ((ex.getMessage() != null) ? ex.getMessage() : "closed by the server"), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(Failure.FAILED, "Interrupted while talking to ClickHouse", ex);
        }
    }

    static boolean closedBeforeAnswering(IOException ex) {
        return hasCause(ex, EOFException.class)
                || (ex.getMessage() != null && ex.getMessage().contains("header parser received no bytes"));
    }

    /**
     * Opens a plain TCP connection first, so a refused connection or an unknown host is reported
     * by name at once, and a later connect timeout can only be a stalled TLS handshake.
     */
    private void probe(String url) {
        URI uri = URI.create(url);
        String server = uri.getScheme() + "://" + uri.getAuthority();
        int port = (uri.getPort() >= 0) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(this.timeout.toMillis(), PROBE_MILLIS));
        }
        catch (UnknownHostException ex) {
            throw new ConnectionFailedException(Failure.UNREACHABLE, "Cannot connect to ClickHouse at " + server
                    + ": unknown host", ex);
        }
        catch (SocketTimeoutException ex) {
            throw new ConnectionFailedException(Failure.UNREACHABLE, "Cannot connect to ClickHouse at " + server
                    + ": no answer within " + KafkaFailures.seconds(Duration.ofMillis(Math.min(this.timeout.toMillis(), PROBE_MILLIS))), ex);
        }
        catch (IOException ex) {
            throw new ConnectionFailedException(Failure.UNREACHABLE, "Cannot connect to ClickHouse at " + server + ": "
                    + ((ex.getMessage() != null) ? ex.getMessage().toLowerCase(Locale.ROOT) : "connection failed"), ex);
        }
    }

    private static String connectProblem(ConnectException ex) {
        if (hasCause(ex, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        String message = (ex.getMessage() != null) ? ex.getMessage()
                : (ex.getCause() != null && ex.getCause().getMessage() != null) ? ex.getCause().getMessage() : null;
        return (message != null) ? message.toLowerCase(Locale.ROOT) : "connection refused";
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static URI endpoint(String url) {
        String base = url.endsWith("/") ? url : url + "/";
        return URI.create(base).resolve("?enable_http_compression=0");
    }

}
