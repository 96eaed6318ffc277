package io.sluice.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.sluice.testsupport.ClickHouseHttp;
import io.sluice.testsupport.LocalEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling Sluice is measured against: what a data engineer writes in an afternoon — consume a
 * topic and insert its JSON into ClickHouse in large JSONEachRow batches, letting ClickHouse parse
 * it. No dedup, no exactly-once, no dead letters: the fastest honest copy on the same machine.
 */
final class DirectCopy {

    private static final int BATCH_EVENTS = 100_000;

    private DirectCopy() {
    }

    static long copy(LocalEndpoints endpoints, String topic, String group, ClickHouseHttp clickHouse, String table, int events)
            throws Exception {
        clickHouse.execute("CREATE TABLE " + table + " (order_id String, amount Float64, status String, created_at String) "
                + "ENGINE = MergeTree ORDER BY order_id");
        HttpClient http = HttpClient.newHttpClient();
        URI insert = URI.create(endpoints.clickHouseUrl() + "/?input_format_skip_unknown_fields=1&query="
                + URLEncoder.encode("INSERT INTO " + table + " FORMAT JSONEachRow", StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-direct-copy");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long copied = 0;
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            int inBatch = 0;
            while (copied + inBatch < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    batch.writeBytes(record.value());
                    batch.write('\n');
                    inBatch++;
                }
                if (inBatch >= BATCH_EVENTS || copied + inBatch >= events) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(insert)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(batch.toByteArray())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("direct copy insert failed: " + response.body());
                    }
                    copied += inBatch;
                    inBatch = 0;
                    batch.reset();
                    consumer.commitSync();
                }
            }
        }
        return copied;
    }
}
