package io.sluice.api.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.sluice.api.connection.ConnectionFailedException.Failure;
import io.sluice.kafka.KafkaClientProperties;
import io.sluice.kafka.TrustAllSslEngineFactory;
import io.sluice.model.definition.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link KafkaInspector} with the Kafka admin client and a group-less consumer.
 *
 * <p>Every call first opens a plain TCP connection to the bootstrap brokers: a refused connection
 * or an unknown host is then reported at once and by name, where the Kafka clients would only
 * retry quietly until the time bound. All client timeouts are set from what is left of the
 * bound, and clients are closed with a short timeout, so no call outlives it by much.
 */
class AdminKafkaInspector implements KafkaInspector {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final SSLContext TRUST_ANY = TrustAllSslEngineFactory.trustAnyContext();

    private final Duration timeout;

    AdminKafkaInspector(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Cluster describe(KafkaConnection connection) {
        Deadline deadline = probe(connection);
        try (Admin admin = Admin.create(clientProperties(connection, deadline))) {
            try {
                DescribeClusterResult cluster = admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(deadline.timeoutMillis()));
                String clusterId = cluster.clusterId().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
                int brokers = cluster.nodes().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS).size();
                return new Cluster(clusterId, brokers);
            }
            finally {
                admin.close(CLOSE_TIMEOUT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(Failure.FAILED, "Interrupted while talking to Kafka", ex);
        }
        catch (Exception ex) {
            throw KafkaFailures.classify(ex, null, this.timeout);
        }
    }

    @Override
    public List<String> topics(KafkaConnection connection) {
        Deadline deadline = probe(connection);
        try (Admin admin = Admin.create(clientProperties(connection, deadline))) {
            try {
                List<String> names = new ArrayList<>(admin
                    .listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(deadline.timeoutMillis()))
                    .names()
                    .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS));
                names.sort(Comparator.naturalOrder());
                return names;
            }
            finally {
                admin.close(CLOSE_TIMEOUT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(Failure.FAILED, "Interrupted while talking to Kafka", ex);
        }
        catch (Exception ex) {
            throw KafkaFailures.classify(ex, null, this.timeout);
        }
    }

    @Override
    public List<Event> latestEvents(KafkaConnection connection, String topic, int count) {
        Deadline deadline = probe(connection);
        try {
            List<TopicPartition> partitions = partitions(connection, topic, deadline);
            return latestEvents(connection, topic, partitions, count, deadline);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(Failure.FAILED, "Interrupted while talking to Kafka", ex);
        }
        catch (Exception ex) {
            throw KafkaFailures.classify(ex, topic, this.timeout);
        }
    }

    // Asking the admin client first tells an unknown topic apart from an empty one; a consumer
    // would only wait for metadata that never comes.
    private List<TopicPartition> partitions(KafkaConnection connection, String topic, Deadline deadline) throws Exception {
        try (Admin admin = Admin.create(clientProperties(connection, deadline))) {
            try {
                TopicDescription description = admin
                    .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(deadline.timeoutMillis()))
                    .allTopicNames()
                    .get(deadline.remainingMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
                return description.partitions()
                    .stream()
                    .map((partition) -> new TopicPartition(topic, partition.partition()))
                    .toList();
            }
            finally {
                admin.close(CLOSE_TIMEOUT);
            }
        }
    }

    private List<Event> latestEvents(KafkaConnection connection, String topic, List<TopicPartition> partitions,
            int count, Deadline deadline) {
        Map<String, Object> properties = clientProperties(connection, deadline);
        // No group.id and no auto-commit: the sample reads with assign+seek and leaves no trace
        // in the cluster, whatever consumer groups the pipeline will use.
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("key.deserializer", ByteArrayDeserializer.class);
        properties.put("value.deserializer", ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, deadline.remaining());
                Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, deadline.remaining());
                List<TopicPartition> nonEmpty = partitions.stream()
                    .filter((partition) -> ends.get(partition) > beginnings.get(partition))
                    .toList();
                if (nonEmpty.isEmpty()) {
                    throw new ConnectionFailedException(Failure.EMPTY, "Topic '" + topic + "' has no events yet"
                            + " (all " + partitions.size() + " partitions are empty): produce one, then sample again.");
                }
                consumer.assign(nonEmpty);
                for (TopicPartition partition : nonEmpty) {
                    consumer.seek(partition, Math.max(beginnings.get(partition), ends.get(partition) - count));
                }
                return newest(consumer, topic, nonEmpty, ends, count, deadline);
            }
            finally {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
        }
    }

    private List<Event> newest(KafkaConsumer<byte[], byte[]> consumer, String topic, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends, int count, Deadline deadline) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        while (!deadline.passed()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(deadline.atMost(POLL_INTERVAL))) {
                read.add(record);
            }
            // Done when every partition's position reached its end offset; a transaction marker
            // at the end returns no record but moves the position past it too.
            boolean done = partitions.stream()
                .allMatch((partition) -> consumer.position(partition, deadline.remaining()) >= ends.get(partition));
            if (done) {
                break;
            }
        }
        if (read.isEmpty()) {
            throw deadline.passed() ? KafkaFailures.timedOut(this.timeout)
                    : new ConnectionFailedException(Failure.EMPTY, "Topic '" + topic + "' has no readable events yet"
                            + " (only transaction markers at the end of its partitions).");
        }
        return read.stream()
            .sorted(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                .thenComparingLong(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset)
                .reversed())
            .limit(count)
            .map((record) -> new Event(topic, record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                    record.key(), record.value()))
            .toList();
    }

    private Map<String, Object> clientProperties(KafkaConnection connection, Deadline deadline) {
        Map<String, Object> properties = new HashMap<>(KafkaClientProperties.of(connection));
        int millis = (int) Math.max(1, deadline.remainingMillis());
        properties.put("client.id", "sluice-api-inspector");
        properties.put("request.timeout.ms", millis);
        properties.put("default.api.timeout.ms", millis);
        properties.put("socket.connection.setup.timeout.ms", Math.min(millis, 5_000));
        properties.put("socket.connection.setup.timeout.max.ms", Math.min(millis, 5_000));
        properties.put("reconnect.backoff.max.ms", 500);
        properties.put("metadata.max.age.ms", 60_000);
        return properties;
    }

    /**
     * Opens a TCP connection to each bootstrap broker until one accepts, and with TLS also
     * completes a handshake on it. A plain Kafka listener answers a TLS client by closing the
     * connection, which the Kafka clients only retry until the time bound; the handshake here
     * names the problem at once. It trusts any certificate: whether the broker's certificate is
     * trusted is for the Kafka client, with the connection's real trust settings, to tell.
     */
    private Deadline probe(KafkaConnection connection) {
        Deadline deadline = new Deadline(Instant.now().plus(this.timeout));
        List<String> failures = new ArrayList<>();
        for (String broker : connection.brokers()) {
            int colon = broker.lastIndexOf(':');
            String host = broker.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(broker.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), deadline.socketTimeoutMillis());
                if (connection.securityProtocol().usesTls()) {
                    handshake(socket, host, port, broker, deadline);
                }
                return deadline;
            }
            catch (UnknownHostException ex) {
                failures.add(broker + " (unknown host)");
            }
            catch (SocketTimeoutException ex) {
                failures.add(broker + " (no answer)");
            }
            catch (IOException ex) {
                failures.add(broker + " (" + ((ex.getMessage() != null) ? ex.getMessage().toLowerCase(Locale.ROOT) : "failed") + ")");
            }
            if (deadline.passed()) {
                break;
            }
        }
        throw new ConnectionFailedException(Failure.UNREACHABLE,
                "Cannot connect to any Kafka broker: " + String.join(", ", failures));
    }

    private static void handshake(Socket socket, String host, int port, String broker, Deadline deadline) {
        try {
            socket.setSoTimeout(deadline.socketTimeoutMillis());
            SSLSocketFactory factory = TRUST_ANY.getSocketFactory();
            try (SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, port, false)) {
                tls.startHandshake();
            }
        }
        catch (IOException ex) {
            throw new ConnectionFailedException(Failure.TLS, "TLS handshake with the Kafka broker " + broker
                    + " failed (" + ((ex.getMessage() != null) ? ex.getMessage() : "connection closed") + ")."
                    + " Is its listener TLS? A plain listener needs PLAINTEXT or SASL_PLAINTEXT.",
                    ex);
        }
    }

    private record Deadline(Instant at) {

        Duration remaining() {
            Duration left = Duration.between(Instant.now(), this.at);
            return left.isNegative() ? Duration.ZERO : left;
        }

        Duration atMost(Duration duration) {
            Duration left = remaining();
            return (left.compareTo(duration) < 0) ? left : duration;
        }

        /** What is left as a Kafka timeout option, at least 1 ms (0 would mean no wait at all). */
        Integer timeoutMillis() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingMillis()));
        }

        /** A socket timeout from what is left, at most 5 s, at least 1 ms (0 would wait forever). */
        int socketTimeoutMillis() {
            return (int) Math.max(1, Math.min(remainingMillis(), 5_000));
        }

        long remainingMillis() {
            return remaining().toMillis();
        }

        boolean passed() {
            return !Instant.now().isBefore(this.at);
        }

    }

}
