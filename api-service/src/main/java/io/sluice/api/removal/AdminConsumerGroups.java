package io.sluice.api.removal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sluice.api.config.ApiProperties;
import io.sluice.kafka.KafkaClientProperties;
import io.sluice.model.definition.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link ConsumerGroups} with the Kafka admin client, bounded by {@code sluice.connections.timeout}. */
@Component
class AdminConsumerGroups implements ConsumerGroups {

    private static final Logger log = LoggerFactory.getLogger(AdminConsumerGroups.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final Duration timeout;

    AdminConsumerGroups(ApiProperties properties) {
        this.timeout = properties.connections().timeout();
    }

    @Override
    public void delete(KafkaConnection connection, String groupId) {
        int millis = (int) this.timeout.toMillis();
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        properties.put("client.id", "sluice-api-removal");
        properties.put("request.timeout.ms", millis);
        properties.put("default.api.timeout.ms", millis);
        properties.put("reconnect.backoff.max.ms", 1_000);
        String brokers = String.join(",", connection.brokers());
        try (Admin admin = Admin.create(properties)) {
            try {
                admin.deleteConsumerGroups(List.of(groupId), new DeleteConsumerGroupsOptions().timeoutMs(millis))
                        .all().get(millis, TimeUnit.MILLISECONDS);
                log.info("Deleted Kafka consumer group {} at {}", groupId, brokers);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return; // never committed anything, or deleted before
                }
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw new TracesUnavailableException("Kafka consumer group " + groupId + " at " + brokers
                            + " still has members: an ingest replica still consumes", e.getCause());
                }
                throw new TracesUnavailableException("deleting Kafka consumer group " + groupId + " at " + brokers
                        + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new TracesUnavailableException("Kafka at " + brokers + " did not answer within " + this.timeout
                        + " to delete consumer group " + groupId, e);
            } finally {
                admin.close(CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TracesUnavailableException("Interrupted", e);
        } catch (RuntimeException e) {
            if (e instanceof TracesUnavailableException) {
                throw e;
            }
            // Admin.create refuses settings it cannot use (a malformed broker address, bad TLS material).
            throw new TracesUnavailableException("deleting Kafka consumer group " + groupId + " at " + brokers
                    + " failed: " + e.getMessage(), e);
        }
    }
}
