package io.sluice.api.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import io.sluice.model.clickhouse.TableDeduplication;
import org.junit.jupiter.api.Test;

class ReplicaFallbackInspectorTests {

    /** Answers for every URL except the down ones, and remembers which URLs were asked. */
    private static final class Servers implements ClickHouseInspector {

        private final Set<String> down;

        private final Failure failure;

        final List<String> asked = new ArrayList<>();

        Servers(Failure failure, String... down) {
            this.failure = failure;
            this.down = Set.of(down);
        }

        private void ask(ClickHouseConnection connection) {
            this.asked.add(connection.url());
            if (this.down.contains(connection.url())) {
                throw new ConnectionFailedException(this.failure, "Cannot connect to ClickHouse at " + connection.url());
            }
        }

        @Override
        public String version(ClickHouseConnection connection) {
            ask(connection);
            return "18.16.1";
        }

        @Override
        public List<Table> tables(ClickHouseConnection connection, String database) {
            ask(connection);
            return List.of(new Table("orders", "ReplicatedMergeTree"));
        }

        @Override
        public List<Column> columns(ClickHouseConnection connection, String database, String table) {
            ask(connection);
            return List.of();
        }

        @Override
        public Optional<TableDeduplication> deduplication(ClickHouseConnection connection, String database, String table) {
            ask(connection);
            return Optional.empty();
        }

        @Override
        public Set<String> macros(ClickHouseConnection connection) {
            ask(connection);
            return Set.of("shard", "replica");
        }

        @Override
        public void execute(ClickHouseConnection connection, String statement) {
            ask(connection);
        }
    }

    private static ClickHouseConnection connection(String url) {
        return new ClickHouseConnection(url, "default", "", "shop");
    }

    @Test
    void aConnectionTestAsksEveryReplicaAndNamesTheOneThatFails() {
        Servers servers = new Servers(Failure.UNREACHABLE, "http://ch-2:8123");
        ClickHouseInspector inspector = new ReplicaFallbackInspector(servers);

        assertThatThrownBy(() -> inspector.version(connection("http://ch-1:8123,http://ch-2:8123")))
                .isInstanceOfSatisfying(ConnectionFailedException.class, (ex) -> {
                    assertThat(ex.failure()).isEqualTo(Failure.UNREACHABLE);
                    assertThat(ex.getMessage()).startsWith("Replica http://ch-2:8123: Cannot connect");
                });
        assertThat(servers.asked).containsExactly("http://ch-1:8123", "http://ch-2:8123");
    }

    @Test
    void listingsComeFromTheFirstReplicaThatCanBeReached() {
        Servers servers = new Servers(Failure.UNREACHABLE, "http://ch-1:8123");
        ClickHouseInspector inspector = new ReplicaFallbackInspector(servers);

        assertThat(inspector.tables(connection("http://ch-1:8123, http://ch-2:8123"), "shop")).hasSize(1);
        assertThat(servers.asked).containsExactly("http://ch-1:8123", "http://ch-2:8123");
    }

    @Test
    void aWrongPasswordIsNotHiddenBehindTheNextReplica() {
        Servers servers = new Servers(Failure.AUTHENTICATION, "http://ch-1:8123");
        ClickHouseInspector inspector = new ReplicaFallbackInspector(servers);

        assertThatThrownBy(() -> inspector.tables(connection("http://ch-1:8123,http://ch-2:8123"), "shop"))
                .isInstanceOfSatisfying(ConnectionFailedException.class,
                        (ex) -> assertThat(ex.failure()).isEqualTo(Failure.AUTHENTICATION));
        assertThat(servers.asked).containsExactly("http://ch-1:8123");
    }

    @Test
    void oneUrlGoesThroughUnchanged() {
        Servers servers = new Servers(Failure.UNREACHABLE, "http://ch:8123");
        ClickHouseInspector inspector = new ReplicaFallbackInspector(servers);

        assertThatThrownBy(() -> inspector.version(connection("http://ch:8123")))
                .hasMessage("Cannot connect to ClickHouse at http://ch:8123");
    }
    @Test
    void createsTheTableOnEveryReplicaAndNamesTheOneThatFailed() {
        Servers servers = new Servers(Failure.FAILED, "http://ch-2:8123");
        ClickHouseInspector inspector = new ReplicaFallbackInspector(servers);

        assertThatThrownBy(() -> inspector.execute(connection("http://ch-1:8123,http://ch-2:8123"), "CREATE TABLE t"))
            .isInstanceOf(ConnectionFailedException.class)
            .hasMessageStartingWith("Replica http://ch-2:8123: ");
        assertThat(servers.asked).containsExactly("http://ch-1:8123", "http://ch-2:8123");
    }

}
