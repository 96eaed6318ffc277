package io.sluice.ingest.kafka;

import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** The records in Kafka not yet read by a consumer, from its own fetch metrics. Pure. */
final class KafkaLag {

    private KafkaLag() {
    }

    /** The sum of the {@code records-lag} tagged with a partition; one without a value (NaN) counts nothing. */
    static long total(Map<MetricName, ? extends Metric> metrics) {
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && name.tags().containsKey("partition") && metric.getValue().metricValue() instanceof Number value
                    && !Double.isNaN(value.doubleValue())) {
                lag += value.doubleValue();
            }
        }
        return (long) lag;
    }
}
