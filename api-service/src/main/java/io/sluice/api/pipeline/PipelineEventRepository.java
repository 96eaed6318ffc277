package io.sluice.api.pipeline;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface PipelineEventRepository extends JpaRepository<PipelineEventEntity, Long> {

    Page<PipelineEventEntity> findByPipelineId(String pipelineId, Pageable pageable);

}
