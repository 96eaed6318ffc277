package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessCpuTests {

    @Test
    void readsUserAndSystemTimeAfterTheCommandWhateverItHolds() {
        // A command with a space and a parenthesis in it, as /proc/<pid>/stat writes it.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 30 0 100 0 0";

        assertThat(ProcessCpu.cpuSeconds(stat)).isCloseTo(3.25, within(1e-9));
    }

    @Test
    void tellsServicesAndServersApart() {
        assertThat(ProcessCpu.label("java -Xmx256m -XX:+UseSerialGC -jar /w/dedup-service/target/dedup-service-0.1.0.jar "))
                .isEqualTo("dedup");
        assertThat(ProcessCpu.label("/usr/sbin/nats-server -a 127.0.0.1 -p 4222 -js ")).isEqualTo("nats");
        assertThat(ProcessCpu.label("nats-server -n sluice-1 -p 4231 --cluster_name sluice-cluster ")).isEqualTo("nats cluster");
        assertThat(ProcessCpu.label("redis-server 127.0.0.1:7001 [cluster]")).isEqualTo("redis cluster");
        assertThat(ProcessCpu.label("clickhouse-server --config-file=/root/.sluice/data/clickhouse-2/config.xml "))
                .isEqualTo("clickhouse replicas");
        assertThat(ProcessCpu.label("clickhouse-server --config-file=/root/.sluice/data/clickhouse/config.xml "))
                .isEqualTo("clickhouse");
        assertThat(ProcessCpu.label("bash")).isNull();
    }

    @Test
    void reportsPerMillionEventsWithATotal() {
        ProcessCpu.Sample before = new ProcessCpu.Sample(Map.of("dedup", 1.0, "nats", 2.0));
        ProcessCpu.Sample after = new ProcessCpu.Sample(Map.of("dedup", 3.5, "nats", 3.0, "sink", 0.0));

        assertThat(after.minus(before).perMillion(500_000)).isEqualTo("dedup 5.0, nats 2.0, total 7.0");
    }

    @Test
    void aDirectCopyIsChargedForItsOwnProcessesOnly() {
        ProcessCpu.Sample spent = new ProcessCpu.Sample(Map.of(ProcessCpu.TEST_JVM, 2.0, "kafka", 1.0, "clickhouse", 0.5,
                "dedup", 0.3, "nats cluster", 0.4));

        assertThat(spent.ofDirectCopy().perMillion(1_000_000)).isEqualTo("clickhouse 0.5, kafka 1.0, test JVM 2.0, total 3.5");
        assertThat(spent.ofPipeline().perMillion(1_000_000)).isEqualTo("clickhouse 0.5, dedup 0.3, kafka 1.0, nats cluster 0.4, total 2.2");
    }

    @Test
    void comparesEachSideOverItsOwnEvents() {
        ProcessCpu.Sample direct = new ProcessCpu.Sample(Map.of(ProcessCpu.TEST_JVM, 1.0, "dedup", 9.0));
        ProcessCpu.Sample sluice = new ProcessCpu.Sample(Map.of(ProcessCpu.TEST_JVM, 9.0, "dedup", 1.0));

        assertThat(ProcessCpu.comparison(direct, 500_000, sluice, 2_000_000))
                .contains("direct copy (its JVM, Kafka, ClickHouse): test JVM 2.0, total 2.0\n")
                .contains("Sluice (every service and server):         dedup 0.5, total 0.5\n");
    }

    @Test
    void roundsAreSummedUpByEachProcesssMedianAProcessMissingFromARoundCountingAsIdle() {
        ProcessCpu.Sample median = ProcessCpu.Sample.median(List.of(
                new ProcessCpu.Sample(Map.of("dedup", 4.0, "nats", 1.0)),
                new ProcessCpu.Sample(Map.of("dedup", 2.0, "nats", 3.0, "sink", 6.0)),
                new ProcessCpu.Sample(Map.of("dedup", 9.0, "nats", 2.0))));

        assertThat(median.perMillion(1_000_000)).isEqualTo("dedup 4.0, nats 2.0, total 6.0");
        assertThat(ProcessCpu.median(new double[] { 5, 1, 3, 2 })).isEqualTo(2.5);
    }
}
