package io.sluice.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Deletes the Kafka topics of test namespaces once their class has run. The broker started by
 * {@code deploy/local/servers.sh} keeps its data between runs, and a full test run writes over a
 * gigabyte of events (the crash test alone 1,000,000): without this, every run's topics would
 * stay for the broker's seven-day retention and the disk would fill on a machine that runs CI often.
 */
public final class KafkaJanitor {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private KafkaJanitor() {
    }

    /** Deletes every topic named {@link TestNamespace#kafkaTopic in these namespaces}; returns how many. */
    public static int removeNamespaces(String bootstrapServers, Collection<TestNamespace> namespaces) {
        if (namespaces.isEmpty()) {
            return 0;
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            List<String> topics = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter((topic) -> namespaces.stream().anyMatch((namespace) -> belongsTo(topic, namespace)))
                    .toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return topics.size();
        } catch (Exception e) {
            // Cleaning up must never fail a test: at worst the topics stay until the broker's retention.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    static boolean belongsTo(String topic, TestNamespace namespace) {
        return topic.startsWith(namespace.kafkaTopic(""));
    }
}
