package io.sluice.sink.clickhouse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

import io.sluice.sink.clickhouse.ClickHouseFailure.Disposition;

/**
 * A query through client-v2 read as TabSeparated: the one output format every server back to 18.16
 * writes the same way (RowBinaryWithNamesAndTypes, the client's default, is not). Every failure
 * comes out as a {@link ClickHouseFailureException}, classified.
 */
final class TabSeparatedQuery {

    private TabSeparatedQuery() {
    }

    static List<List<String>> run(Client client, String sql, Duration timeout) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated);
        try (QueryResponse response = client.query(sql, settings).get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return TabSeparated.parse(new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
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
            throw new ClickHouseFailureException(InsertFailureClassifier.classify(ex), ex);
        }
    }
}
