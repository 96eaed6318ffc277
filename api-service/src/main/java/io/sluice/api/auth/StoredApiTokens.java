package io.sluice.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens and UI sessions stored in PostgreSQL. A UI session is a token like any other, named
 * {@code ui:<username>}, that expires on its own.
 */
@Component
class StoredApiTokens implements ApiTokens {

    static final String SESSION_PREFIX = "ui:";

    static final Duration SESSION_LIFETIME = Duration.ofHours(8);

    // Writing last_used_at at every request would turn each read into a write.
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final ApiTokenRepository repository;

    private final Clock clock;

    @Autowired
    StoredApiTokens(ApiTokenRepository repository) {
        this(repository, Clock.systemUTC());
    }

    StoredApiTokens(ApiTokenRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public Optional<ApiCaller> authenticate(String token) {
        if (!TokenSecrets.looksLikeToken(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> found = repository.findByTokenHash(TokenSecrets.hash(token))
                .filter(stored -> stored.activeAt(now));
        found.ifPresent(stored -> {
            if (stored.lastUsedAt() == null || stored.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
                repository.touch(stored.id(), now);
            }
        });
        return found.map(stored -> new ApiCaller(stored.name(), stored.admin()));
    }

    @Transactional
    CreatedToken create(String name, boolean admin) {
        return issue(name, admin, null);
    }

    /** A UI session for a user who just logged in: an admin token that expires. */
    @Transactional
    CreatedToken createSession(String username) {
        return issue(SESSION_PREFIX + username, true, clock.instant().plus(SESSION_LIFETIME));
    }

    @Transactional(readOnly = true)
    List<TokenView> active() {
        return repository.findActive(clock.instant()).stream().map(TokenView::of).toList();
    }

    /** @return false when there is no such token */
    @Transactional
    boolean revoke(UUID id) {
        Optional<ApiToken> token = repository.findById(id);
        token.ifPresent(stored -> stored.revoke(clock.instant()));
        return token.isPresent();
    }

    /**
     * Ends the UI session this token is.
     * @return false when the token is no active UI session
     */
    @Transactional
    boolean endSession(String token) {
        if (!TokenSecrets.looksLikeToken(token)) {
            return false;
        }
        Instant now = clock.instant();
        Optional<ApiToken> session = repository.findByTokenHash(TokenSecrets.hash(token))
                .filter(stored -> stored.activeAt(now) && stored.name().startsWith(SESSION_PREFIX));
        session.ifPresent(stored -> stored.revoke(now));
        return session.isPresent();
    }

    private CreatedToken issue(String name, boolean admin, Instant expiresAt) {
        String token = TokenSecrets.newToken();
        ApiToken stored = repository.save(new ApiToken(UUID.randomUUID(), name, TokenSecrets.hash(token), admin,
                clock.instant(), expiresAt));
        return new CreatedToken(stored.id(), stored.name(), stored.admin(), stored.createdAt(), stored.expiresAt(),
                token);
    }
}
