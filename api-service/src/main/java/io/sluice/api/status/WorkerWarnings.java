package io.sluice.api.status;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.sluice.api.config.ApiProperties;
import io.sluice.api.pipeline.PipelineWarnings;
import io.sluice.model.control.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The warnings of the pipelines list, read from the status bucket as the status view reads them. */
@Component
class WorkerWarnings implements PipelineWarnings {

    private static final Logger log = LoggerFactory.getLogger(WorkerWarnings.class);

    private final WorkerStatusReader reader;

    private final StatusAggregator aggregator;

    private final Clock clock = Clock.systemUTC();

    WorkerWarnings(WorkerStatusReader reader, ApiProperties properties) {
        this.reader = reader;
        this.aggregator = new StatusAggregator(properties.status().staleAfter());
    }

    @Override
    public Map<String, List<String>> of(Collection<String> pipelineIds) {
        return read(pipelineIds, "warnings", aggregator::warningsByPipeline);
    }

    @Override
    public Map<String, List<String>> problems(Collection<String> pipelineIds) {
        return read(pipelineIds, "problems", aggregator::problemsByPipeline);
    }

    private Map<String, List<String>> read(Collection<String> pipelineIds, String what,
            BiFunction<List<WorkerStatus>, Instant, Map<String, List<String>>> byPipeline) {
        if (pipelineIds.isEmpty()) {
            return Map.of();
        }
        try {
            // One read of the whole bucket rather than one per pipeline of the page.
            return byPipeline.apply(reader.readAll(), clock.instant()).entrySet().stream()
                    .filter(entry -> pipelineIds.contains(entry.getKey()))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (StatusUnavailableException e) {
            log.debug("Pipelines listed without {}: {}", what, e.getMessage());
            return Map.of();
        }
    }
}
