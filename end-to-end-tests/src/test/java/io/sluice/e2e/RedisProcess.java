package io.sluice.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Redis of the test's own, configured as dedup state must be in production: append-only file on,
 * no eviction. The machine's shared Redis may run without persistence, and restarting it would
 * disturb every other user.
 */
final class RedisProcess {

    private final int port;
    private final Path directory;
    private Process process;

    RedisProcess() {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
            this.directory = Files.createTempDirectory("sluice-e2e-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    RedisProcess start() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--dir", directory.toString(), "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "e2e-logs", "redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server (installed by deploy/local/servers.sh)", e);
        }
        await().atMost(Duration.ofSeconds(30)).until(this::answers);
        return this;
    }

    /** SIGTERM: Redis flushes its append-only file and exits, as in a rolling restart. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    /** Bytes Redis holds for its data ({@code used_memory} of {@code INFO memory}). */
    long usedMemory() {
        for (String line : cli("INFO", "memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        throw new IllegalStateException("INFO memory without used_memory");
    }

    /** How many keys Redis holds ({@code DBSIZE}). */
    long keys() {
        return Long.parseLong(cli("DBSIZE").strip());
    }

    private String cli(String... command) {
        String output = E2eSupport.redisCli(port, command);
        if (output == null) {
            throw new IllegalStateException("redis-cli " + String.join(" ", command) + " failed on port " + port);
        }
        return output;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
