package io.sluice.api.connection;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import io.sluice.model.clickhouse.ClickHouseUrls;
import io.sluice.model.clickhouse.TableDeduplication;

/**
 * A sink's URL may list the replicas of one shard ({@link ClickHouseUrls}). A connection test asks
 * every replica, so a typo in the second URL shows before the day the first replica fails; the
 * listings ask the first replica that can be reached, as the sink does.
 */
final class ReplicaFallbackInspector implements ClickHouseInspector {

    private final ClickHouseInspector replica;

    /** @param replica inspects one server; is given connections with one URL each */
    ReplicaFallbackInspector(ClickHouseInspector replica) {
        this.replica = replica;
    }

    @Override
    public String version(ClickHouseConnection connection) {
        List<String> urls = ClickHouseUrls.split(connection.url());
        String first = null;
        for (String url : urls) {
            try {
                String version = this.replica.version(withUrl(connection, url));
                first = (first == null) ? version : first;
            }
            catch (ConnectionFailedException ex) {
                if (urls.size() == 1) {
                    throw ex;
                }
                throw new ConnectionFailedException(ex.failure(), "Replica " + url + ": " + ex.getMessage(), ex);
            }
        }
        return (first == null) ? this.replica.version(connection) : first;
    }

    @Override
    public List<Table> tables(ClickHouseConnection connection, String database) {
        return firstReachable(connection, (one) -> this.replica.tables(one, database));
    }

    @Override
    public List<Column> columns(ClickHouseConnection connection, String database, String table) {
        return firstReachable(connection, (one) -> this.replica.columns(one, database, table));
    }

    @Override
    public Optional<TableDeduplication> deduplication(ClickHouseConnection connection, String database, String table) {
        return firstReachable(connection, (one) -> this.replica.deduplication(one, database, table));
    }

    @Override
    public Set<String> macros(ClickHouseConnection connection) {
        return firstReachable(connection, this.replica::macros);
    }

    /**
     * Runs the statement on every replica listed, in order: a table is created on each replica of
     * the shard (a ReplicatedMergeTree's {@code {replica}} macro differs from server to server), so
     * the sink finds it on whichever it writes to. A replica that fails stops the rest, named.
     */
    @Override
    public void execute(ClickHouseConnection connection, String statement) {
        List<String> urls = ClickHouseUrls.split(connection.url());
        if (urls.size() <= 1) {
            this.replica.execute(connection, statement);
            return;
        }
        for (String url : urls) {
            try {
                this.replica.execute(withUrl(connection, url), statement);
            }
            catch (ConnectionFailedException ex) {
                throw new ConnectionFailedException(ex.failure(), "Replica " + url + ": " + ex.getMessage(), ex);
            }
        }
    }

    private <T> T firstReachable(ClickHouseConnection connection, Function<ClickHouseConnection, T> call) {
        List<String> urls = ClickHouseUrls.split(connection.url());
        if (urls.size() <= 1) {
            return call.apply(connection);
        }
        ConnectionFailedException last = null;
        for (String url : urls) {
            try {
                return call.apply(withUrl(connection, url));
            }
            catch (ConnectionFailedException ex) {
                // Only a replica that cannot be reached is skipped: a wrong password or a missing
                // table is the same on every replica, and the user needs to read that.
                if (ex.failure() != Failure.UNREACHABLE && ex.failure() != Failure.TIMEOUT) {
                    throw ex;
                }
                last = ex;
            }
        }
        throw new ConnectionFailedException(last.failure(), "No replica could be reached; the last said: " + last.getMessage(),
                last);
    }

    private static ClickHouseConnection withUrl(ClickHouseConnection connection, String url) {
        return new ClickHouseConnection(url, connection.username(), connection.password(), connection.database());
    }
}
