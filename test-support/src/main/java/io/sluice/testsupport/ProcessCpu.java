package io.sluice.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this machine's processes, grouped by what they are, read from {@code /proc}: how a
 * benchmark tells where the core-seconds of a run went, per Sluice service and per server. The
 * difference of two samples is what the processes spent between them; a process that ended in
 * between is not counted (benchmarks kill nothing).
 */
public final class ProcessCpu {

    /** Linux reports CPU time in clock ticks of 1/100 s on every platform Sluice runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Label of the JVM running the tests, where the direct copy runs. */
    public static final String TEST_JVM = "test JVM";

    /** CPU seconds per label. */
    public record Sample(Map<String, Double> seconds) {

        public Sample minus(Sample before) {
            Map<String, Double> spent = new TreeMap<>();
            this.seconds.forEach((label, value) -> spent.put(label, value - before.seconds.getOrDefault(label, 0.0)));
            return new Sample(spent);
        }

        /** Only the processes a direct copy uses: the test JVM where it runs, Kafka and ClickHouse. */
        public Sample ofDirectCopy() {
            return filtered((label) -> label.equals(TEST_JVM) || label.equals("kafka") || label.startsWith("clickhouse"));
        }

        /** Every process but the test JVM, which only watches a pipeline run. */
        public Sample ofPipeline() {
            return filtered((label) -> !label.equals(TEST_JVM));
        }

        private Sample filtered(Predicate<String> keep) {
            Map<String, Double> kept = new TreeMap<>();
            this.seconds.forEach((label, value) -> {
                if (keep.test(label)) {
                    kept.put(label, value);
                }
            });
            return new Sample(kept);
        }

        /** Per label, the median of the samples' seconds (a label missing from a sample counts as 0 there). */
        public static Sample median(List<Sample> samples) {
            Map<String, Double> medians = new TreeMap<>();
            samples.forEach(sample -> sample.seconds.keySet().forEach(label -> medians.put(label, 0.0)));
            medians.replaceAll((label, ignored) -> ProcessCpu.median(
                    samples.stream().mapToDouble(sample -> sample.seconds.getOrDefault(label, 0.0)).toArray()));
            return new Sample(medians);
        }

        public double total() {
            return this.seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** "ingest 3.1, dedup 5.0, …, total 24.3" in core-seconds per million of {@code events}. */
        public String perMillion(long events) {
            double scale = 1_000_000.0 / events;
            return this.seconds.entrySet().stream()
                    .filter((entry) -> entry.getValue() * scale >= 0.05)
                    .map((entry) -> "%s %.1f".formatted(entry.getKey(), entry.getValue() * scale))
                    .collect(Collectors.joining(", ")) + ", total %.1f".formatted(total() * scale);
        }
    }

    private ProcessCpu() {
    }

    /**
     * The benchmarks' CPU lines: what the direct copy and Sluice each spent over their own run
     * (samples taken before and after it), per million events each took in.
     */
    public static String comparison(Sample directCopy, long directEvents, Sample sluice, long sluiceEvents) {
        return """
                core-seconds per million events in, from /proc (utime + stime) over each run (servers of the
                other topology idle beside it and are counted where they spent anything):
                  direct copy (its JVM, Kafka, ClickHouse): %s
                  Sluice (every service and server):         %s
                """.formatted(directCopy.ofDirectCopy().perMillion(directEvents), sluice.ofPipeline().perMillion(sluiceEvents));
    }

    public static Sample sample() {
        Map<String, Double> seconds = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter((dir) -> dir.getFileName().toString().chars().allMatch(Character::isDigit)).forEach((dir) -> {
                long pid = Long.parseLong(dir.getFileName().toString());
                String label = pid == self ? TEST_JVM : label(read(dir.resolve("cmdline")).replace('\0', ' '));
                if (label != null) {
                    double cpu = cpuSeconds(read(dir.resolve("stat")));
                    seconds.merge(label, cpu, Double::sum);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return new Sample(seconds);
    }

    /** What a process is, from its command line; null for processes a pipeline does not use. */
    public static String label(String cmdline) {
        for (String service : new String[] { "ingest-service", "dedup-service", "join-service", "sink-service", "api-service" }) {
            if (cmdline.contains("/" + service + "-") && cmdline.contains(".jar")) {
                return service.substring(0, service.indexOf('-'));
            }
        }
        // The cluster topology's servers idle beside a single-server run (and the other way round):
        // told apart, so a reader sees what each run paid for.
        if (cmdline.startsWith("nats-server") || cmdline.contains("/nats-server ")) {
            return cmdline.contains("--cluster_name") ? "nats cluster" : "nats";
        }
        if (cmdline.startsWith("redis-server")) {
            return cmdline.contains("[cluster]") ? "redis cluster" : "redis";
        }
        if (cmdline.contains("clickhouse-server")) {
            return cmdline.matches(".*/clickhouse-\\d+/.*") ? "clickhouse replicas" : "clickhouse";
        }
        if (cmdline.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (cmdline.contains("org.apache.zookeeper.server")) {
            return "zookeeper";
        }
        return null;
    }

    /** utime + stime, fields 14 and 15 of {@code /proc/<pid>/stat}, counted after the command's closing parenthesis. */
    public static double cpuSeconds(String stat) {
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** The median of {@code values}; of an even count, the mean of the two in the middle. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** CPU seconds of the processes {@link #label} calls {@code label}, now; 0 if none runs. */
    public static double secondsOf(String label) {
        return sample().seconds().getOrDefault(label, 0.0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return ""; // the process ended while we looked
        } catch (IOException e) {
            return "";
        }
    }
}
