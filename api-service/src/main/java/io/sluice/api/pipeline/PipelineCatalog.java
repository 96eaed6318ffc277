package io.sluice.api.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.api.connection.StoredPipelines;
import io.sluice.api.distribution.DistributableCatalog;
import io.sluice.api.distribution.DistributablePipeline;
import io.sluice.api.secrets.DefinitionSecrets;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Read access to the stored pipelines for code outside this package, such as the distribution. */
@Component
public class PipelineCatalog implements DistributableCatalog, PipelineExistence, StoredPipelines {

    private static final Logger log = LoggerFactory.getLogger(PipelineCatalog.class);

    private final PipelineRepository pipelines;

    private final DefinitionSecrets secrets;

    PipelineCatalog(PipelineRepository pipelines, DefinitionSecrets secrets) {
        this.pipelines = pipelines;
        this.secrets = secrets;
    }

    /**
     * Every stored pipeline as workers must see it (secrets in clear, desired state, revision),
     * to republish all of them, e.g. at start-up so that a wiped KV bucket recovers. A pipeline
     * whose secrets cannot be decrypted is logged and left out rather than keeping every other
     * pipeline from its workers.
     */
    @Override
    @Transactional(readOnly = true)
    public List<DistributablePipeline> all() {
        List<DistributablePipeline> all = new ArrayList<>();
        for (PipelineEntity pipeline : this.pipelines.findAll(Sort.by("id"))) {
            try {
                all.add(new DistributablePipeline(this.secrets.open(PipelineJson.read(pipeline.definition())),
                        Lifecycle.desiredState(pipeline.status()), pipeline.revision()));
            }
            catch (RuntimeException ex) {
                log.error("Pipeline {} cannot be distributed: {}", pipeline.id(), ex.getMessage());
            }
        }
        return all;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PipelineDefinition> inClear(String pipelineId) {
        return this.pipelines.findById(pipelineId).map((pipeline) -> this.secrets.open(PipelineJson.read(pipeline.definition())));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean exists(String pipelineId) {
        return this.pipelines.existsById(pipelineId);
    }
}
