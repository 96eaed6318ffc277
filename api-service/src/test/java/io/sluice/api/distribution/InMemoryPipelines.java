package io.sluice.api.distribution;

import io.sluice.api.pipeline.PipelineExistence;
import org.springframework.context.annotation.Primary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the pipelines feature's PostgreSQL catalog in these tests: the pipelines "saved"
 * here are what a republish finds and what the status endpoint knows. Register it with
 * {@code @Import(InMemoryPipelines.class)}.
 */
// Primary: it stands in for the real PostgreSQL catalog, which is also a bean.
@Primary
public class InMemoryPipelines implements DistributableCatalog, PipelineExistence {

    private final Map<String, DistributablePipeline> pipelines = new ConcurrentHashMap<>();

    public void save(DistributablePipeline pipeline) {
        pipelines.put(pipeline.definitionInClear().id(), pipeline);
    }

    public void delete(String pipelineId) {
        pipelines.remove(pipelineId);
    }

    @Override
    public List<DistributablePipeline> all() {
        return new ArrayList<>(pipelines.values());
    }

    @Override
    public boolean exists(String pipelineId) {
        return pipelines.containsKey(pipelineId);
    }
}
