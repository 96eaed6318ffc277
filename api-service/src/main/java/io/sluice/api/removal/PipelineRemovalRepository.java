package io.sluice.api.removal;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface PipelineRemovalRepository extends JpaRepository<PipelineRemovalEntity, String> {

    /**
     * The row, locked until the transaction ends: two api-service replicas never remove one
     * pipeline's data at once, and the second finds the row gone rather than erasing the data of
     * a pipeline created again under the id in between.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<PipelineRemovalEntity> findLockedByPipelineId(String pipelineId);

    @Transactional
    @Modifying
    @Query("update PipelineRemovalEntity r set r.waitingFor = :reason where r.pipelineId = :pipelineId")
    int recordWaitingFor(@Param("pipelineId") String pipelineId, @Param("reason") String reason);
}
