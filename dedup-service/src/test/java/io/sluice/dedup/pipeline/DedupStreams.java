package io.sluice.dedup.pipeline;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.nats.NatsNames;

/**
 * A dedup service test's side of the pipeline's streams, for source "orders": it publishes what
 * ingest would and reads what dedup passed on. One place for the service tests on a single Redis
 * and on a Redis Cluster.
 */
record DedupStreams(Connection nats, NatsNames names, String pipeline) {

    static String order(String id, int amount, String status) {
        return "{\"order_id\":\"" + id + "\",\"amount\":" + amount + ",\"status\":\"" + status + "\"}";
    }

    /** One ingest batch of {@code events} at consecutive offsets, with ingest's message id. */
    void publishIngestBatch(int partition, long firstOffset, List<String> events) throws Exception {
        List<BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(new BatchRecord(firstOffset + i, 1_700_000_000_000L, null, events.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        Headers headers = new Headers().put("Nats-Msg-Id", NatsNames.batchMessageId(pipeline, "orders", "orders", partition, firstOffset));
        nats.jetStream().publish(NatsMessage.builder()
                .subject(names.ingestSubject(pipeline, "orders", partition))
                .headers(headers)
                .data(BatchCodec.encode(new Batch("orders", partition, records)))
                .build());
    }

    /** What dedup passed on, once {@code expected} records came and a moment more for a duplicate let through. */
    List<BatchRecord> readDedupOutput(int expected) throws Exception {
        JetStreamSubscription subscription = nats.jetStream().subscribe(names.dedupSubjects(pipeline, "orders"),
                PullSubscribeOptions.builder().stream(names.dataStream(pipeline)).build());
        List<BatchRecord> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message message : subscription.fetch(50, Duration.ofMillis(200))) {
                message.ack();
                records.addAll(BatchCodec.decode(message.getData()).records());
            }
            return records.size() >= expected;
        });
        for (Message message : subscription.fetch(50, Duration.ofMillis(500))) {
            message.ack();
            records.addAll(BatchCodec.decode(message.getData()).records());
        }
        subscription.unsubscribe();
        return records;
    }
}
