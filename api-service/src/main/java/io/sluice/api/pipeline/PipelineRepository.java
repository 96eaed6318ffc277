package io.sluice.api.pipeline;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface PipelineRepository extends JpaRepository<PipelineEntity, String> {

    Page<PipelineEntity> findByStatus(PipelineStatus status, Pageable pageable);

}
