package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * How the ingest of every source runs (from the service's settings).
 *
 * @param maxBatchRecords   most records in one batch
 * @param maxBatchBytes     most bytes of one encoded batch; a record that cannot fit goes to the dead letters
 * @param linger            how long a partition that caught up rests before it reads again ({@link PartitionLinger})
 * @param ackTimeout        how long a publish may wait for JetStream's acknowledgement
 * @param retryBackoff      first wait before a partition whose publish failed reads its position again
 * @param maxRetryBackoff   longest such wait, reached by doubling while NATS stays unreachable
 * @param maxPollRecords    most records one Kafka poll returns
 * @param pollTimeout       how long a poll waits for records (at most the linger); bounds how late idle work runs
 * @param maxPollInterval   Kafka's {@code max.poll.interval.ms}: longer than the longest publish wait
 * @param idleFetchWait     how long the broker holds a fetch while the topic has nothing new ({@code fetch.max.wait.ms})
 * @param consumerOverrides extra Kafka consumer properties, applied last
 */
public record SourceSettings(int maxBatchRecords, int maxBatchBytes, Duration linger, Duration ackTimeout,
        Duration retryBackoff, Duration maxRetryBackoff, int maxPollRecords, Duration pollTimeout,
        Duration maxPollInterval, Duration idleFetchWait, Map<String, String> consumerOverrides) {

    public SourceSettings {
        consumerOverrides = Map.copyOf(consumerOverrides);
    }
}
