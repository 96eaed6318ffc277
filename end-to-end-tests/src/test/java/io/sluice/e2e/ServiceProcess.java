package io.sluice.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Sluice service run as users run it: its packaged jar in a JVM of its own, configured by
 * environment variables, its output in {@code target/e2e-logs}. {@link #kill()} is SIGKILL, no
 * shutdown hooks, no draining: what a crash or an OOM kill does.
 */
final class ServiceProcess {

    private static final Path JVM_OPTIONS = Path.of("..", "deploy", "jvm.options").toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final String name;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final int port;
    private Process process;
    private int starts;

    ServiceProcess(String module, String name, Map<String, String> environment, List<String> arguments) {
        this.module = module;
        this.name = name;
        this.environment = new HashMap<>(environment);
        this.arguments = List.copyOf(arguments);
        this.port = freePort();
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    ServiceProcess start() {
        Path jar = jarOf(module);
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", Integer.toString(port));
        try {
            Path logs = Path.of("target", "e2e-logs");
            Files.createDirectories(logs);
            // The JVM options every way of running Sluice shares, then this suite's heap.
            List<String> command = new ArrayList<>(List.of("java", "@" + JVM_OPTIONS, "-Xmx256m"));
            // Options to try on every service (a benchmark's GC settings, say); later options win.
            String extra = System.getProperty("sluice.e2e.jvmOptions", "").strip();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            if (Boolean.getBoolean("sluice.e2e.profile")) {
                // Where a benchmark's CPU goes: one flight recording per service start, read with `jfr print`.
                command.add("-XX:StartFlightRecording=settings=profile,filename="
                        + logs.resolve(name + "-" + (starts + 1) + ".jfr").toAbsolutePath());
            }
            command.addAll(List.of("-jar", jar.toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
            builder.environment().putAll(env);
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(this::healthy);
        return this;
    }

    /** SIGKILL: the JVM gets no chance to finish, flush or acknowledge anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The running JVM's process id, for what {@code /proc} says about it. */
    long pid() {
        return process.pid();
    }

    /**
     * Writes the running JVM's threads ({@code jcmd Thread.print}) to {@code target/e2e-logs}: what a
     * stall that logs nothing was waiting on. Returns the file, or why there is none.
     */
    String dumpThreads() {
        if (process == null || !process.isAlive()) {
            return name + " is not running";
        }
        Path dump = Path.of("target", "e2e-logs", name + "-threads-" + System.currentTimeMillis() + ".txt");
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            return jcmd.waitFor() == 0 ? dump.toAbsolutePath().toString() : "jcmd failed, see " + dump.toAbsolutePath();
        } catch (IOException e) {
            return "jcmd not runnable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    int starts() {
        return starts;
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/e2e-logs/" + name + ".log");
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path jarOf(String module) {
        File[] jars = Path.of("..", module, "target").toFile()
                .listFiles((dir, file) -> file.startsWith(module + "-") && file.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No packaged jar of " + module + ": run ./mvnw package (or verify) from the root first");
        }
        return jars[0].toPath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
