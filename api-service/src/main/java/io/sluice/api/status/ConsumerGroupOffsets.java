package io.sluice.api.status;

import java.util.Map;

import io.sluice.model.definition.KafkaConnection;

/** Reads a topic's offsets and a consumer group's committed offsets from the broker. */
interface ConsumerGroupOffsets {

    /**
     * @throws LagUnavailableException when the broker does not answer in time, refuses, or has no such topic
     */
    Offsets read(KafkaConnection connection, String topic, String groupId);

    /**
     * By partition number: the end (after the last committed record), the start still in the
     * log, and the group's committed offset where it committed one.
     */
    record Offsets(Map<Integer, Long> end, Map<Integer, Long> start, Map<Integer, Long> committed) {
    }
}
