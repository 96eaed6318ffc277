package io.sluice.api.connection;

import java.util.List;
import java.util.Optional;

import io.sluice.api.pipeline.TargetTableCheck;
import io.sluice.model.clickhouse.TableDeduplication;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SinkDefinition;

/**
 * {@link TargetTableCheck} against the sink's ClickHouse: the table's engine and deduplication
 * settings judged by {@link TableDeduplication#verdict}, the rule the sink applies at start. A
 * table that does not exist, or a server that does not answer, is a warning: either may change
 * in a moment (a table created next, a ClickHouse restarting), and the sink checks again.
 */
final class ClickHouseTargetTableCheck implements TargetTableCheck {

    private final ClickHouseInspector inspector;

    ClickHouseTargetTableCheck(ClickHouseInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Verdict check(PipelineDefinition definition) {
        SinkDefinition sink = definition.sink();
        String table = sink.database() + "." + sink.table();
        Optional<TableDeduplication> deduplication;
        try {
            deduplication = inspector.deduplication(
                    new ClickHouseConnection(sink.url(), sink.username(), sink.password(), sink.database()),
                    sink.database(), sink.table());
        } catch (ConnectionFailedException e) {
            return new Verdict(null, List.of("could not check table " + table + " now (" + e.getMessage()
                    + "); the sink checks it when it starts and reports what it finds in status"));
        }
        if (deduplication.isEmpty()) {
            // Not refused: it may be created in a moment, and the sink checks at its own start.
            return new Verdict(null, List.of("table " + table + " does not exist on " + sink.url() + " yet: the sink"
                    + " fails the pipeline with this reason unless it is created before the sink starts"));
        }
        TableDeduplication.Verdict verdict = deduplication.get().verdict(table, sink.allowAtLeastOnce());
        if (verdict == null) {
            return Verdict.fine();
        }
        return verdict.refused() ? new Verdict(verdict.message(), List.of()) : new Verdict(null, List.of(verdict.message()));
    }
}
