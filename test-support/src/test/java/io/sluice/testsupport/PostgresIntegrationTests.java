package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

@RealServers(RealServer.POSTGRES)
class PostgresIntegrationTests {

    @Test
    void storesAndReadsRowsInTheClassOwnSchema(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        try (Connection db = DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(), endpoints.postgresPassword());
             Statement sql = db.createStatement()) {
            String schema = namespace.postgresSchema();
            sql.execute("CREATE SCHEMA " + schema);
            try {
                sql.execute("CREATE TABLE " + schema + ".pipeline (id text PRIMARY KEY, definition jsonb NOT NULL)");
                sql.execute("INSERT INTO " + schema + ".pipeline VALUES ('orders', '{\"name\":\"Orders\"}')");

                try (ResultSet rows = sql.executeQuery("SELECT id, definition->>'name' FROM " + schema + ".pipeline")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("orders");
                    assertThat(rows.getString(2)).isEqualTo("Orders");
                    assertThat(rows.next()).isFalse();
                }
                try (ResultSet tables = sql.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'pipeline' AND table_schema = '" + schema + "'")) {
                    tables.next();
                    assertThat(tables.getInt(1)).isEqualTo(1);
                }
            } finally {
                sql.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
