package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;
import io.sluice.sink.column.BinaryBuffer;
import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.sink.column.ColumnBinding;
import io.sluice.sink.column.RowEncoder;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;

/**
 * The real writer against the real ClickHouse (18.16 on the project's machines). Rows are encoded
 * by the sink's own encoder and read back through plain HTTP as TabSeparated, so a wrong byte in
 * the encoder shows up as a wrong value, not as the same mistake made twice.
 */
@RealServers(RealServer.CLICKHOUSE)
class ClientV2ClickHouseWriterIntegrationTests {

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Client client;

    private static ClickHouseWriter writer;

    private static String database;

    @BeforeAll
    static void connect(TestNamespace namespace) {
        database = namespace.clickHouseDatabase();
        CLICKHOUSE.createDatabase(database);
        client = endpoint(ENDPOINTS.clickHouseUrl()).open();
        writer = new ClientV2ClickHouseWriter(client, ServerVersion.parse(CLICKHOUSE.queryRows("SELECT version()").get(0)), TIMEOUT);
    }

    @AfterAll
    static void disconnect() {
        client.close();
        CLICKHOUSE.dropDatabase(database);
    }

    @Test
    void insertsABlockAndKeepsOneCopyWhenTheIdenticalBlockIsInsertedAgain(TestNamespace namespace) {
        CLICKHOUSE.execute("CREATE TABLE " + database + ".events (id UInt64, payload String) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + namespace.id() + "/events', '{replica}') ORDER BY id");
        RowEncoder encoder = RowEncoder.compile(List.of(binding("id", "id", "UInt64"), binding("payload", "payload", "String")),
                ZoneId.of("UTC"));
        InsertBlock first = block(encoder, "events", 0, 1_000, "pipeline:1-10");

        InsertResult inserted = writer.insert(first);
        InsertResult replayed = writer.insert(block(encoder, "events", 0, 1_000, "pipeline:1-10"));
        writer.insert(block(encoder, "events", 1_000, 1_500, "pipeline:11-12"));

        assertThat(inserted.rows()).isEqualTo(1_000);
        assertThat(replayed.rows()).isEqualTo(1_000);
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + database + ".events")).isEqualTo(1_500);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(id) FROM " + database + ".events")).isEqualTo(1_500);
        assertThat(CLICKHOUSE.queryRows("SELECT payload FROM " + database + ".events WHERE id = 7")).containsExactly("event 7 é");
    }

    @Test
    void writesColumnsInTheBlocksOrderWhateverTheTablesOrderAndDefaultsTheRest() {
        CLICKHOUSE.execute("CREATE TABLE " + database + ".reordered (a String, b UInt8, c String DEFAULT 'filled', "
                + "d Nullable(UInt8)) ENGINE = MergeTree ORDER BY tuple()");
        RowEncoder encoder = RowEncoder.compile(List.of(binding("b", "b", "UInt8"), binding("a", "a", "String")), ZoneId.of("UTC"));

        writer.insert(new InsertBlock(database, "reordered", encoder.columns(), encode(encoder, "{\"a\": \"x\", \"b\": 5}"), 1, "t"));

        assertThat(CLICKHOUSE.queryRows("SELECT a, b, c, d FROM " + database + ".reordered")).containsExactly("x\t5\tfilled\t\\N");
    }

    @Test
    void failsThePipelineWhenTheTableDoesNotExist() {
        RowEncoder encoder = RowEncoder.compile(List.of(binding("id", "id", "UInt64")), ZoneId.of("UTC"));
        InsertBlock block = new InsertBlock(database, "no_such_table", encoder.columns(), encode(encoder, "{\"id\": 1}"), 1, "t");

        assertThatThrownBy(() -> writer.insert(block)).isInstanceOfSatisfying(ClickHouseFailureException.class, (ex) -> {
            assertThat(ex.failure().disposition()).isEqualTo(Disposition.PIPELINE_FATAL);
            assertThat(ex.failure().code()).isEqualTo(60);
            assertThat(ex.failure().reason()).startsWith("ClickHouse error 60 UNKNOWN_TABLE: ").contains("no_such_table");
        });
    }

    @Test
    void retriesWhenNothingListensOnThePort() {
        RowEncoder encoder = RowEncoder.compile(List.of(binding("id", "id", "UInt64")), ZoneId.of("UTC"));
        InsertBlock block = new InsertBlock(database, "events", encoder.columns(), encode(encoder, "{\"id\": 1}"), 1, "t");

        try (Client closedPort = endpoint("http://127.0.0.1:1").open()) {
            ClickHouseWriter unreachable = new ClientV2ClickHouseWriter(closedPort, ServerVersion.parse("18.16.1"), TIMEOUT);

            assertThatThrownBy(() -> unreachable.insert(block)).isInstanceOfSatisfying(ClickHouseFailureException.class, (ex) -> {
                assertThat(ex.failure().disposition()).isEqualTo(Disposition.TRANSIENT);
                assertThat(ex.failure().reason()).startsWith("cannot reach ClickHouse: ").contains("Connection refused");
            });
        }
    }

    @Test
    void movesToTheNextReplicaWhenOneCannotBeReachedAndStaysThere(TestNamespace namespace) {
        CLICKHOUSE.execute("CREATE TABLE " + database + ".failover (id UInt64, payload String) ENGINE = ReplicatedMergeTree("
                + "'/clickhouse/tables/{shard}/" + namespace.id() + "/failover', '{replica}') ORDER BY id");
        RowEncoder encoder = RowEncoder.compile(List.of(binding("id", "id", "UInt64"), binding("payload", "payload", "String")),
                ZoneId.of("UTC"));
        // Nothing listens on port 1: the first "replica" is a dead one.
        try (ClickHouseReplicas replicas = ClickHouseReplicas.open(endpoint("http://127.0.0.1:1, " + ENDPOINTS.clickHouseUrl()))) {
            ServerVersion version = replicas.firstAnswering((client) -> new ClientV2SchemaInspector(client, TIMEOUT)
                    .inspect(database, "failover")).version();
            assertThat(replicas.current().url()).as("the start-up check moved on").isEqualTo(ENDPOINTS.clickHouseUrl());
            assertThat(replicas.warnings()).singleElement().asString().startsWith("ClickHouse replica http://127.0.0.1:1 failed at ")
                    .contains("Connection refused").endsWith("inserting into " + ENDPOINTS.clickHouseUrl());
            ClickHouseWriter failover = new ReplicaFailoverWriter(replicas,
                    (client) -> new ClientV2ClickHouseWriter(client, version, TIMEOUT));

            failover.insert(block(encoder, "failover", 0, 100, "pipeline:1-1"));
            failover.insert(block(encoder, "failover", 0, 100, "pipeline:1-1"));

            assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + database + ".failover")).isEqualTo(100);
        }
    }

    @Test
    void aTransientInsertFailureMovesTheNextAttemptToTheNextReplica() {
        RowEncoder encoder = RowEncoder.compile(List.of(binding("id", "id", "UInt64")), ZoneId.of("UTC"));
        InsertBlock block = new InsertBlock(database, "events", encoder.columns(), encode(encoder, "{\"id\": 1}"), 1, "t");
        try (ClickHouseReplicas replicas = ClickHouseReplicas.open(endpoint("http://127.0.0.1:1,http://127.0.0.1:2"))) {
            ClickHouseWriter failover = new ReplicaFailoverWriter(replicas,
                    (client) -> new ClientV2ClickHouseWriter(client, ServerVersion.parse("18.16.1"), TIMEOUT));

            assertThatThrownBy(() -> failover.insert(block)).isInstanceOf(ClickHouseFailureException.class);
            assertThat(replicas.current().url()).isEqualTo("http://127.0.0.1:2");
            assertThatThrownBy(() -> failover.insert(block)).isInstanceOf(ClickHouseFailureException.class);
            assertThat(replicas.current().url()).as("round the list").isEqualTo("http://127.0.0.1:1");
        }
    }

    @Test
    void roundTripsEveryTypeThisServerHas() throws Exception {
        List<String[]> columns = List.of(
                new String[] { "s", "String", "\"héllo\\t日本 😀\"", "héllo\\t日本 😀" },
                new String[] { "fs", "FixedString(4)", "\"ab\"", "ab\\0\\0" },
                new String[] { "u8", "UInt8", "255", "255" },
                new String[] { "u16", "UInt16", "65535", "65535" },
                new String[] { "u32", "UInt32", "4294967295", "4294967295" },
                new String[] { "u64", "UInt64", "\"18446744073709551615\"", "18446744073709551615" },
                new String[] { "i8", "Int8", "-128", "-128" },
                new String[] { "i16", "Int16", "-32768", "-32768" },
                new String[] { "i32", "Int32", "-2147483648", "-2147483648" },
                new String[] { "i64", "Int64", "-9223372036854775808", "-9223372036854775808" },
                new String[] { "f32", "Float32", "1.5", "1.5" },
                new String[] { "f64", "Float64", "-0.1", "-0.1" },
                new String[] { "d9", "Decimal(9, 2)", "-1234567.89", "-1234567.89" },
                new String[] { "d18", "Decimal(18, 4)", "\"12345678901234.5678\"", "12345678901234.5678" },
                new String[] { "d38", "Decimal(38, 10)", "-1234567890123456789.0123456789", "-1234567890123456789.0123456789" },
                // 18.16's calendar ends in 2106 and prints later days wrongly, though it stores them.
                new String[] { "dt", "Date", "\"2105-12-31\"", "2105-12-31" },
                new String[] { "ts", "DateTime", "\"2020-01-02T03:04:05.999Z\"", "2020-01-02 03:04:05" },
                new String[] { "tokyo", "DateTime('Asia/Tokyo')", "1577934245000", "2020-01-02 12:04:05" },
                new String[] { "id", "UUID", "\"61F0C404-5CB3-11E7-907B-A6006AD3DBA0\"", "61f0c404-5cb3-11e7-907b-a6006ad3dba0" },
                new String[] { "e8", "Enum8('a' = 1, 'b' = -2)", "-2", "b" },
                new String[] { "e16", "Enum16('x' = 1000, 'y' = -1000)", "\"y\"", "y" },
                new String[] { "n", "Nullable(String)", "null", "\\N" },
                new String[] { "nu", "Nullable(UInt8)", "7", "7" },
                new String[] { "an", "Array(Nullable(String))", "[\"a\", null, \"it's\"]", "['a',NULL,'it\\'s']" },
                new String[] { "aa", "Array(Array(UInt16))", "[[1], [2, 300], []]", "[[1],[2,300],[]]" },
                new String[] { "lc", "LowCardinality(String)", "\"repeated\"", "repeated" },
                new String[] { "lcn", "LowCardinality(Nullable(String))", "null", "\\N" });
        List<ColumnBinding> bindings = new ArrayList<>();
        StringBuilder definition = new StringBuilder();
        StringBuilder json = new StringBuilder("{");
        List<String> expected = new ArrayList<>();
        for (String[] column : columns) {
            bindings.add(binding("f_" + column[0], column[0], column[1]));
            definition.append((definition.length() > 0) ? ", " : "").append(column[0]).append(' ').append(column[1]);
            json.append((json.length() > 1) ? ", " : "").append("\"f_").append(column[0]).append("\": ").append(column[2]);
            expected.add(column[3]);
        }
        json.append('}');
        // LowCardinality is experimental on 18.16 and must be allowed when the table is created.
        executeWithSetting("CREATE TABLE " + database + ".all_types (" + definition + ") ENGINE = MergeTree ORDER BY tuple()",
                "allow_experimental_low_cardinality_type=1");
        RowEncoder encoder = RowEncoder.compile(bindings, ZoneId.of(CLICKHOUSE.queryRows("SELECT timezone()").get(0)));

        writer.insert(new InsertBlock(database, "all_types", encoder.columns(), encode(encoder, json.toString()), 1, "t"));

        String row = CLICKHOUSE.queryRows("SELECT " + String.join(", ", encoder.columns()) + " FROM " + database + ".all_types").get(0);
        assertThat(List.of(row.split("\t", -1))).containsExactlyElementsOf(expected);
    }

    private static ClickHouseEndpoint endpoint(String url) {
        return new ClickHouseEndpoint(url, "default", "", Duration.ofSeconds(2), Duration.ofSeconds(30), TIMEOUT);
    }

    private static ColumnBinding binding(String field, String column, String type) {
        return new ColumnBinding(field, column, ClickHouseType.parse(type));
    }

    private static InsertBlock block(RowEncoder encoder, String table, int from, int to, String token) {
        BinaryBuffer rows = new BinaryBuffer();
        for (int id = from; id < to; id++) {
            encodeInto(encoder, "{\"id\": " + id + ", \"payload\": \"event " + id + " é\"}", rows);
        }
        return new InsertBlock(database, table, encoder.columns(), rows.toByteArray(), to - from, token);
    }

    private static byte[] encode(RowEncoder encoder, String json) {
        BinaryBuffer row = new BinaryBuffer();
        encodeInto(encoder, json, row);
        return row.toByteArray();
    }

    private static void encodeInto(RowEncoder encoder, String json, BinaryBuffer out) {
        try {
            encoder.encode(json.getBytes(StandardCharsets.UTF_8), out);
        }
        catch (Exception ex) {
            throw new AssertionError("test row does not encode: " + json, ex);
        }
    }

    private static void executeWithSetting(String sql, String setting) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ENDPOINTS.clickHouseUrl() + "/?" + setting + "&query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

}
