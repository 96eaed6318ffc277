package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

@RealServers({ RealServer.KAFKA, RealServer.POSTGRES })
class KafkaAndPostgresJanitorIntegrationTests {

    private final LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();

    @Test
    void removesTheTopicsOfANamespaceAndNoOthers(TestNamespace namespace) throws Exception {
        TestNamespace other = TestNamespace.forClass(KafkaAndPostgresJanitorIntegrationTests.class);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(namespace.kafkaTopic("orders"), 1, (short) 1),
                    new NewTopic(namespace.kafkaTopic("clicks"), 1, (short) 1),
                    new NewTopic(other.kafkaTopic("orders"), 1, (short) 1))).all().get();

            assertThat(KafkaJanitor.removeNamespaces(endpoints.kafkaBootstrapServers(), List.of(namespace))).isEqualTo(2);

            // A deleted topic leaves the broker's metadata a moment after the deletion is acknowledged.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .doesNotContain(namespace.kafkaTopic("orders"), namespace.kafkaTopic("clicks"))
                    .contains(other.kafkaTopic("orders")));
            assertThat(KafkaJanitor.removeNamespaces(endpoints.kafkaBootstrapServers(), List.of(other))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .doesNotContain(other.kafkaTopic("orders")));
        }
    }

    @Test
    void dropsTheSchemaOfANamespaceWithItsTablesAndNoOthers(TestNamespace namespace) throws Exception {
        TestNamespace other = TestNamespace.forClass(KafkaAndPostgresJanitorIntegrationTests.class);
        try (Connection connection = DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(),
                endpoints.postgresPassword()); Statement statement = connection.createStatement()) {
            for (TestNamespace each : List.of(namespace, other)) {
                statement.execute("CREATE SCHEMA " + each.postgresSchema());
                statement.execute("CREATE TABLE " + each.postgresSchema() + ".pipelines (id text)");
            }

            PostgresJanitor.removeNamespaces(endpoints, List.of(namespace));

            assertThat(schemas(statement)).doesNotContain(namespace.postgresSchema()).contains(other.postgresSchema());
            PostgresJanitor.removeNamespaces(endpoints, List.of(other));
            assertThat(schemas(statement)).doesNotContain(other.postgresSchema());
        }
    }

    private static List<String> schemas(Statement statement) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT schema_name FROM information_schema.schemata")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
