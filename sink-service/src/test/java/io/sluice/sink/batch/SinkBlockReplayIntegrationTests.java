package io.sluice.sink.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.clickhouse.ClickHouseEndpoint;
import io.sluice.sink.clickhouse.ClickHouseWriter;
import io.sluice.sink.clickhouse.ClientV2ClickHouseWriter;
import io.sluice.sink.clickhouse.ClientV2SchemaInspector;
import io.sluice.sink.clickhouse.SchemaCheck;
import io.sluice.sink.clickhouse.TableInspection;
import io.sluice.sink.column.RowEncoder;
import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;

/**
 * The sink's pieces together against the real server: check the table, compile the encoder from
 * the check's bindings, assemble a block, insert it; then a second "replica" rebuilds the block
 * from the same messages and inserts it again, as after a crash between insert and acknowledgement.
 * The table must hold every good row once, and the bad rows none.
 */
@RealServers(RealServer.CLICKHOUSE)
class SinkBlockReplayIntegrationTests {

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();

    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    private static String database;

    @BeforeAll
    static void createTable(TestNamespace namespace) {
        database = namespace.clickHouseDatabase();
        CLICKHOUSE.createDatabase(database);
        CLICKHOUSE.execute("CREATE TABLE " + database + ".orders (id UInt64, customer String, total Decimal(12, 2), "
                + "placed DateTime) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + namespace.id()
                + "/orders', '{replica}') ORDER BY id");
    }

    @AfterAll
    static void dropTable() {
        CLICKHOUSE.dropDatabase(database);
    }

    @Test
    void keepsEveryGoodRowOnceWhenAnotherReplicaReplaysTheBlock() {
        SinkDefinition sink = new SinkDefinition(ENDPOINTS.clickHouseUrl(), database, "default", "", "orders", 1_000, null,
                List.of(new ColumnMapping("order.id", "id", "UInt64"), new ColumnMapping("customer.name", "customer", null),
                        new ColumnMapping("total", "total", null), new ColumnMapping("placed", "placed", null)));
        List<StreamMessage> messages = messages(5, 200);

        try (Client client = ClickHouseEndpoint.of(sink).open()) {
            TableInspection inspection = new ClientV2SchemaInspector(client, Duration.ofSeconds(10)).inspect(database, "orders");
            SchemaCheck.Result check = SchemaCheck.check(sink, inspection);
            assertThat(check.problems()).isEmpty();
            ZoneId serverZone = ZoneId.of(inspection.timeZone());
            ClickHouseWriter writer = new ClientV2ClickHouseWriter(client, inspection.version(), Duration.ofSeconds(30));

            SinkBatch block = BatchAssembler.assemble("p1", RowEncoder.compile(check.bindings(), serverZone), messages);
            writer.insert(block.insertBlock(database, "orders", RowEncoder.compile(check.bindings(), serverZone).columns()));

            RowEncoder replicaEncoder = RowEncoder.compile(check.bindings(), serverZone);
            SinkBatch replayed = BatchAssembler.assemble("p1", replicaEncoder, messages);
            writer.insert(replayed.insertBlock(database, "orders", replicaEncoder.columns()));

            assertThat(block.rejected()).hasSize(10);
            assertThat(replayed.rejected()).isEqualTo(block.rejected());
        }
        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + database + ".orders")).isEqualTo(990);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(id) FROM " + database + ".orders")).isEqualTo(990);
        assertThat(CLICKHOUSE.queryRows("SELECT customer, total, placed FROM " + database + ".orders WHERE id = 42"))
                .containsExactly("customer 42\t42.50\t2024-03-01 12:00:42");
    }

    /** Messages of records with ids counting from 0; every record whose id ends in 99 has a total that does not fit. */
    private static List<StreamMessage> messages(int count, int recordsPerMessage) {
        List<StreamMessage> messages = new ArrayList<>();
        long offset = 0;
        for (int m = 0; m < count; m++) {
            List<BatchRecord> records = new ArrayList<>();
            for (int r = 0; r < recordsPerMessage; r++) {
                long id = offset;
                String total = (id % 100 == 99) ? "1e20" : id + ".5";
                String json = "{\"order\": {\"id\": " + id + "}, \"customer\": {\"name\": \"customer " + id + "\"}, \"total\": "
                        + total + ", \"placed\": \"2024-03-01T12:00:" + String.format("%02d", id % 60) + "Z\"}";
                records.add(new BatchRecord(offset++, 0, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            messages.add(new StreamMessage(10 + m, "sluice.orders.dedup.orders.0", new Batch("orders", 0, records)));
        }
        return messages;
    }

}
