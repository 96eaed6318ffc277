package io.sluice.api.removal;

import io.sluice.model.definition.KafkaConnection;

/** The Kafka consumer groups ingest leaves behind: where a source's committed offsets live. */
interface ConsumerGroups {

    /**
     * Deletes the group with its committed offsets; a group that does not exist is fine.
     * @throws TracesUnavailableException when the cluster cannot be reached, refuses, or the group
     *         still has members (an ingest replica still consumes)
     */
    void delete(KafkaConnection connection, String groupId);
}
