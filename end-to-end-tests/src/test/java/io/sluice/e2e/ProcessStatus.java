package io.sluice.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code /proc/<pid>/status} says of a process's size: its threads and resident memory. */
final class ProcessStatus {

    private ProcessStatus() {
    }

    /** {threads, resident kB}, from the {@code Threads:} and {@code VmRSS:} lines. */
    static long[] threadsAndRss(long pid) {
        long threads = 0;
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = number(line);
                } else if (line.startsWith("VmRSS:")) {
                    rss = number(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        return new long[] { threads, rss };
    }

    private static long number(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
