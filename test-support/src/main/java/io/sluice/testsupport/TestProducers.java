package io.sluice.testsupport;

import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka producer settings every test starts from. */
public final class TestProducers {

    private TestProducers() {
    }

    /**
     * {@code acks=all} and one request in flight per connection. Tests produce to topics created
     * moments before, and there an idempotent producer with several requests in flight can lose a
     * whole batch without an error that anyone sees (KAFKA-15591): the first request reaches the
     * broker before it has applied the new partition and is refused as retriable, the next one is
     * appended, and every retry of the first is then out of sequence until the delivery timeout
     * drops it. A clean-clone CI run lost 881 records of one partition this way, twice.
     */
    public static Properties properties(String brokers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return properties;
    }
}
