package io.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class KafkaLagTests {

    @Test
    void sumsTheLagOfEveryPartition() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "records-lag", Map.of("topic", "orders", "partition", "0"), 120.0);
        put(metrics, "records-lag", Map.of("topic", "orders", "partition", "1"), 30.0);

        assertThat(KafkaLag.total(metrics)).isEqualTo(150);
    }

    @Test
    void ignoresOtherMetricsUntaggedLagAndPartitionsWithoutAValue() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "records-lag", Map.of("topic", "orders", "partition", "0"), 7.0);
        put(metrics, "records-lag", Map.of("topic", "orders", "partition", "1"), Double.NaN);
        put(metrics, "records-lag", Map.of("topic", "orders"), 1_000.0);
        put(metrics, "records-lag-max", Map.of("topic", "orders", "partition", "0"), 1_000.0);

        assertThat(KafkaLag.total(metrics)).isEqualTo(7);
    }

    private static void put(Map<MetricName, Metric> metrics, String name, Map<String, String> tags, double value) {
        MetricName metricName = new MetricName(name, "consumer-fetch-manager-metrics", "", tags);
        metrics.put(metricName, new Metric() {

            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
