package io.sluice.api.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sluice.api.distribution.PipelineDistributor;
import io.sluice.model.control.DesiredState;
import io.sluice.model.definition.PipelineDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the distribution edge (the NATS KV implementation is tested on its own) and
 * remembers every call, so tests see exactly what workers would be told. {@code @Primary}: it
 * wins over the real distributor when both are present.
 */
final class RecordingDistributor implements PipelineDistributor {

    record Published(PipelineDefinition definition, DesiredState desiredState, long revision) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();

    private final List<String> removed = new CopyOnWriteArrayList<>();

    @Override
    public void publish(PipelineDefinition definition, DesiredState desiredState, long revision) {
        this.published.add(new Published(definition, desiredState, revision));
    }

    @Override
    public void remove(String pipelineId) {
        this.removed.add(pipelineId);
    }

    List<Published> published(String pipelineId) {
        return this.published.stream().filter((p) -> p.definition().id().equals(pipelineId)).toList();
    }

    Optional<Published> last(String pipelineId) {
        List<Published> all = published(pipelineId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    boolean wasRemoved(String pipelineId) {
        return this.removed.contains(pipelineId);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        @Primary
        RecordingDistributor recordingDistributor() {
            return new RecordingDistributor();
        }

    }

}
