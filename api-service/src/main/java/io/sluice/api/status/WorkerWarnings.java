package io.sluice.api.status;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import io.sluice.api.config.ApiProperties;
import io.sluice.api.pipeline.PipelineWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The warnings and problems of the pipelines list, read from the status bucket as the status view reads them. */
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
    public Map<String, Notes> of(Collection<String> pipelineIds) {
        if (pipelineIds.isEmpty()) {
            return Map.of();
        }
        try {
            // One read of the whole bucket rather than one per pipeline of the page.
            return aggregator.notesByPipeline(reader.readAll(), clock.instant()).entrySet().stream()
                    .filter(entry -> pipelineIds.contains(entry.getKey()))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (StatusUnavailableException e) {
            log.debug("Pipelines listed without warnings and problems: {}", e.getMessage());
            return Map.of();
        }
    }
}
