package io.sluice.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

class RedisClientsTests {

    @Test
    void commandsFailAtOnceWhileRedisIsUnreachableAndAfterTheTimeout() {
        RedisClient client = RedisClients.create(RedisURI.create("redis://127.0.0.1:6379"), Duration.ofSeconds(3));
        try {
            ClientOptions options = client.getOptions();

            assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
            var timeout = options.getTimeoutOptions().getSource();
            assertThat(timeout.getTimeUnit().toNanos(timeout.getTimeout(null))).isEqualTo(Duration.ofSeconds(3).toNanos());
            assertThat(options.isAutoReconnect()).isTrue();
        } finally {
            client.shutdown();
        }
    }
}
