package io.sluice.sink.clickhouse;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;

/**
 * Inserts RowBinary blocks through client-v2 over HTTP. The INSERT names its columns, so the
 * block's column order is the sink's whatever the table's; columns left out get their DEFAULT.
 */
public final class ClientV2ClickHouseWriter implements ClickHouseWriter {

    private final Client client;

    private final ServerVersion version;

    private final Duration timeout;

    /**
     * @param client borrowed, not closed here
     * @param version the server's, to know whether it takes {@code insert_deduplication_token}
     * @param timeout for a whole insert; past it the insert counts as a transient failure, which is
     * safe to retry because the retry is deduplicated
     */
    public ClientV2ClickHouseWriter(Client client, ServerVersion version, Duration timeout) {
        this.client = client;
        this.version = version;
        this.timeout = timeout;
    }

    /**
     * Settings every insert carries so that a user profile cannot switch off what a replay's
     * deduplication rests on; only those the server knows (an unknown setting fails the insert).
     */
    static Map<String, String> deduplicationSettings(ServerVersion version) {
        Map<String, String> settings = new LinkedHashMap<>();
        // On by default, but a user profile may have turned it off.
        settings.put("insert_deduplicate", "1");
        if (version.isAtLeast(21, 11)) {
            // An asynchronous insert is buffered and merged with others (and, before 22.x, never
            // deduplicated): the block a replay re-sends would not be the block that landed.
            settings.put("async_insert", "0");
        }
        return settings;
    }

    @Override
    public InsertResult insert(InsertBlock block) {
        if (block.rows() == 0) {
            return new InsertResult(0, Duration.ZERO);
        }
        InsertSettings settings = new InsertSettings();
        deduplicationSettings(this.version).forEach(settings::serverSetting);
        if (this.version.supportsInsertDeduplicationToken()) {
            settings.setDeduplicationToken(block.deduplicationToken());
        }
        List<String> columns = block.columns().stream().map(Sql::identifier).toList();
        long start = System.nanoTime();
        CompletableFuture<InsertResponse> future;
        try {
            future = this.client.insert(Sql.qualified(block.database(), block.table()), columns,
                    new ByteArrayInputStream(block.rowBinary()), ClickHouseFormat.RowBinary, settings);
        }
        catch (RuntimeException ex) {
            throw new ClickHouseFailureException(InsertFailureClassifier.classify(ex), ex);
        }
        try (InsertResponse response = future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return new InsertResult(block.rows(), Duration.ofNanos(System.nanoTime() - start));
        }
        catch (TimeoutException ex) {
            future.cancel(true);
            TimeoutException timedOut = new TimeoutException("no acknowledgement within " + this.timeout);
            throw new ClickHouseFailureException(InsertFailureClassifier.classify(timedOut), ex);
        }
        catch (ExecutionException ex) {
            throw new ClickHouseFailureException(InsertFailureClassifier.classify(ex), ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ClickHouseFailureException(
                    new ClickHouseFailure(Disposition.TRANSIENT, 0, "interrupted while waiting for ClickHouse"), ex);
        }
        catch (Exception ex) {
            // InsertResponse.close() declares Exception; a failure there still means an unknown outcome.
            throw new ClickHouseFailureException(InsertFailureClassifier.classify(ex), ex);
        }
    }

}
