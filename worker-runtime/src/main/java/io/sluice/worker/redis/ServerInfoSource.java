package io.sluice.worker.redis;

/** Where a {@link RedisServerWatch} reads the server's {@code INFO}. */
@FunctionalInterface
public interface ServerInfoSource {

    /** @throws RuntimeException if Redis is unreachable or refuses {@code INFO} */
    ServerInfo serverInfo();
}
