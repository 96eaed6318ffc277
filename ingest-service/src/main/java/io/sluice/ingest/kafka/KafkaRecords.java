package io.sluice.ingest.kafka;

import java.util.ArrayList;
import java.util.List;

import io.sluice.model.deadletter.KafkaRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The key and headers of a record read from Kafka, as its dead letter carries them. */
final class KafkaRecords {

    private KafkaRecords() {
    }

    /** Null when the record has neither key nor headers. */
    static KafkaRecord of(ConsumerRecord<byte[], byte[]> record) {
        List<KafkaRecord.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new KafkaRecord.Header(header.key(), header.value()));
        }
        KafkaRecord kafka = new KafkaRecord(record.key(), headers);
        return kafka.isEmpty() ? null : kafka;
    }
}
