package io.sluice.sink.clickhouse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.clickhouse.client.api.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a ReplicatedMergeTree table's remembered block ids through {@code system.zookeeper}: the
 * nodes under {@code <zookeeper_path>/blocks} are the ids a replayed block is compared with, and
 * the server keeps only the newest {@code replicated_deduplication_window} of them.
 */
public final class ZooKeeperBlockMemory implements BlockMemory {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperBlockMemory.class);

    private final Supplier<Client> client;
    private final String blocksPath;
    private final Duration timeout;

    /**
     * @param client the client to ask now (any replica of the table: they share ZooKeeper), borrowed,
     * not closed here
     */
    public ZooKeeperBlockMemory(Supplier<Client> client, String zookeeperPath, Duration timeout) {
        this.client = client;
        this.blocksPath = zookeeperPath + "/blocks";
        this.timeout = timeout;
    }

    @Override
    public Optional<Remembered> remembered(long epochMillis) {
        String sql = "SELECT count(), countIf(toUnixTimestamp(ctime) < " + (epochMillis / 1000)
                + ") FROM system.zookeeper WHERE path = " + Sql.literal(blocksPath);
        try {
            List<String> row = TabSeparatedQuery.run(client.get(), sql, timeout).get(0);
            return Optional.of(new Remembered(Long.parseLong(row.get(0)), Long.parseLong(row.get(1))));
        } catch (RuntimeException e) {
            // No grant on system.zookeeper, or ZooKeeper away: the replay goes ahead as it always did.
            log.warn("Could not read the remembered blocks of {}: {}", blocksPath, e.toString());
            return Optional.empty();
        }
    }
}
