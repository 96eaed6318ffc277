package io.sluice.dedup.state;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A redis-server of a test's own, on its own port and directory under /tmp, for tests that
 * restart Redis or make it forget its keys: the shared Redis on 6379 must never be restarted.
 * Without persistence ({@code --save "" --appendonly no}) unless the test asks for it, so a
 * restart forgets every key, as a production Redis without AOF would.
 */
public final class OwnRedis implements AutoCloseable {

    private final int port;
    private final List<String> extraArguments;
    private final Path dir;
    private Process process;

    private OwnRedis(int port, List<String> extraArguments) throws IOException {
        this.port = port;
        this.extraArguments = extraArguments;
        this.dir = Files.createTempDirectory("sluice-redis-" + port + "-");
    }

    /** Starts one on {@code port}; {@code extraArguments} are redis-server options ({@code --appendonly yes}). */
    public static OwnRedis start(int port, String... extraArguments) throws IOException {
        OwnRedis redis = new OwnRedis(port, List.of(extraArguments));
        redis.launch();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (as a crash would: no save) and starts it again on the same port. */
    public void restart() throws IOException {
        kill();
        launch();
    }

    /** Forgets every key, as eviction or a failover to an empty replica would, without a restart. */
    public void flushAll() {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    public void delete(String key) {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(key);
        } finally {
            client.shutdown();
        }
    }

    /** Writes {@code count} filler keys of 1 KiB, enough to make a small {@code maxmemory} evict. */
    public void fill(int count) {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String value = "x".repeat(1024);
            for (int i = 0; i < count; i++) {
                connection.sync().set("filler-" + i, value);
            }
        } finally {
            client.shutdown();
        }
    }

    /** Writes an RDB snapshot now ({@code SAVE}); a restart then reloads it, and only it. */
    public void save() {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().save();
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() throws IOException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    }

    private void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() && !accepting());
        process = null;
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
