package io.sluice.api.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.sluice.api.connection.StoredPipelines;
import io.sluice.kafka.ConsumerGroupIds;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Each pipeline's {@link BrokerLag}, asked of its sources' brokers with the stored connection and
 * reused for {@link #REUSE_FOR}: every open pipeline page polls the status every few seconds, and
 * each answer costs the broker a few requests. A failed answer is reused likewise, so a broker
 * that does not answer costs one timeout per period rather than one per page refresh.
 */
@Component
class BrokerLags {

    private static final Logger log = LoggerFactory.getLogger(BrokerLags.class);

    static final Duration REUSE_FOR = Duration.ofSeconds(5);

    private final ObjectProvider<StoredPipelines> pipelines;

    private final ConsumerGroupOffsets offsets;

    private final Clock clock;

    private final Map<String, BrokerLag> recent = new ConcurrentHashMap<>();

    @Autowired
    BrokerLags(ObjectProvider<StoredPipelines> pipelines, ConsumerGroupOffsets offsets) {
        this(pipelines, offsets, Clock.systemUTC());
    }

    BrokerLags(ObjectProvider<StoredPipelines> pipelines, ConsumerGroupOffsets offsets, Clock clock) {
        this.pipelines = pipelines;
        this.offsets = offsets;
        this.clock = clock;
    }

    /** The pipeline's lag, at most {@link #REUSE_FOR} old; null when there is no such pipeline. */
    BrokerLag of(String pipelineId) {
        Instant now = clock.instant();
        BrokerLag cached = recent.get(pipelineId);
        if (cached != null && cached.measuredAt().plus(REUSE_FOR).isAfter(now)) {
            return cached;
        }
        StoredPipelines stored = pipelines.getIfAvailable();
        Optional<PipelineDefinition> definition = stored == null ? Optional.empty() : stored.inClear(pipelineId);
        if (definition.isEmpty()) {
            recent.remove(pipelineId);
            return null;
        }
        List<SourceLag> sources = new ArrayList<>();
        for (SourceDefinition source : definition.get().sources()) {
            sources.add(measure(pipelineId, source));
        }
        BrokerLag lag = BrokerLag.of(sources, now);
        recent.put(pipelineId, lag);
        return lag;
    }

    private SourceLag measure(String pipelineId, SourceDefinition source) {
        // The group ingest commits to, named by the one rule both sides use.
        String group = ConsumerGroupIds.ingest(pipelineId, source.id());
        try {
            ConsumerGroupOffsets.Offsets read = offsets.read(source.connection(), source.topic(), group);
            return SourceLag.known(source.id(), source.topic(), group,
                    PartitionLags.of(read.end(), read.start(), read.committed()));
        } catch (LagUnavailableException e) {
            log.debug("Lag of pipeline {} source {} unknown: {}", pipelineId, source.id(), e.getMessage());
            return SourceLag.unknown(source.id(), source.topic(), group, e.getMessage());
        }
    }
}
