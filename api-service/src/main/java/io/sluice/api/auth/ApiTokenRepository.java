package io.sluice.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    @Query("select t from ApiToken t where t.revokedAt is null and (t.expiresAt is null or t.expiresAt > :now)"
            + " order by t.createdAt, t.id")
    List<ApiToken> findActive(Instant now);

    @Transactional
    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id")
    int touch(UUID id, Instant now);
}
