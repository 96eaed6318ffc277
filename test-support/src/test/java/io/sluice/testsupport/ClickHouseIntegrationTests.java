package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's exactly-once rests on this: inserting an identical RowBinary block twice into a
 * ReplicatedMergeTree table keeps one copy (block-hash deduplication through ZooKeeper), which
 * is what makes replaying an unfinished insert safe on servers without insert_deduplication_token.
 */
@RealServers(RealServer.CLICKHOUSE)
class ClickHouseIntegrationTests {

    private static final LocalEndpoints ENDPOINTS = LocalEndpoints.fromEnvironment();
    private static final ClickHouseHttp CLICKHOUSE = new ClickHouseHttp(ENDPOINTS.clickHouseUrl());

    @BeforeAll
    static void createDatabase(TestNamespace namespace) {
        CLICKHOUSE.createDatabase(namespace.clickHouseDatabase());
    }

    @AfterAll
    static void dropDatabase(TestNamespace namespace) {
        CLICKHOUSE.dropDatabase(namespace.clickHouseDatabase());
    }

    @Test
    void keepsOneCopyWhenTheSameRowBinaryBlockIsInsertedTwice(TestNamespace namespace) throws Exception {
        String table = namespace.clickHouseDatabase() + ".events";
        CLICKHOUSE.execute("CREATE TABLE " + table + " (id UInt64, payload String) "
                + "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/" + namespace.id() + "/events', '{replica}') ORDER BY id");
        byte[] block = rowBinary(1_000);

        try (Client client = new Client.Builder()
                .addEndpoint(ENDPOINTS.clickHouseUrl())
                .setUsername("default")
                .setPassword("")
                .compressServerResponse(false)
                .build()) {
            InsertResponse first = client.insert(table, new ByteArrayInputStream(block), ClickHouseFormat.RowBinary, new InsertSettings()).get();
            InsertResponse replay = client.insert(table, new ByteArrayInputStream(block), ClickHouseFormat.RowBinary, new InsertSettings()).get();
            first.close();
            replay.close();
        }

        assertThat(CLICKHOUSE.queryLong("SELECT count() FROM " + table)).isEqualTo(1_000);
        assertThat(CLICKHOUSE.queryLong("SELECT uniqExact(id) FROM " + table)).isEqualTo(1_000);
        assertThat(CLICKHOUSE.queryRows("SELECT payload FROM " + table + " WHERE id = 7")).containsExactly("event 7");
    }

    private static byte[] rowBinary(int rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer uint64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (long id = 0; id < rows; id++) {
            out.writeBytes(uint64.clear().putLong(id).array());
            byte[] payload = ("event " + id).getBytes(StandardCharsets.UTF_8);
            out.write(payload.length); // LEB128 length; every payload here is shorter than 128 bytes
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }
}
