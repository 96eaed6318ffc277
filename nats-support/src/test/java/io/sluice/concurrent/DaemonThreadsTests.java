package io.sluice.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DaemonThreadsTests {

    @Test
    void threadsAreNamedAndNeverHoldUpShutdown() throws Exception {
        ExecutorService executor = DaemonThreads.single("status-reporter");
        try {
            Thread thread = executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);

            assertThat(thread.getName()).isEqualTo("status-reporter");
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }
}
