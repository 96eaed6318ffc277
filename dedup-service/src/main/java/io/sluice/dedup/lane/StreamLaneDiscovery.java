package io.sluice.dedup.lane;

import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.sluice.model.nats.NatsNames;

/**
 * Lanes from the subjects the data stream holds: a partition becomes a lane once ingest published
 * its first batch, whatever the topic's partition count (which dedup does not know, and which may
 * grow). Ingest never lets a partition's subject become empty (its last batch stays), so lanes do
 * not disappear while the stream keeps them.
 */
public final class StreamLaneDiscovery implements LaneDiscovery {

    private final Connection connection;
    private final NatsNames names;
    private final String pipelineId;
    private final List<String> sourceIds;

    public StreamLaneDiscovery(Connection connection, NatsNames names, String pipelineId, List<String> sourceIds) {
        this.connection = connection;
        this.names = names;
        this.pipelineId = pipelineId;
        this.sourceIds = List.copyOf(sourceIds);
    }

    @Override
    public List<Lane> lanes() throws Exception {
        List<Lane> lanes = new ArrayList<>();
        String stream = names.dataStream(pipelineId);
        for (String sourceId : sourceIds) {
            List<Subject> subjects = connection.jetStreamManagement()
                    .getStreamInfo(stream, StreamInfoOptions.filterSubjects(names.ingestSubjects(pipelineId, sourceId)))
                    .getStreamState().getSubjects();
            if (subjects == null) {
                continue;
            }
            for (Subject subject : subjects) {
                String name = subject.getName();
                lanes.add(Lane.of(pipelineId, sourceId, name.substring(name.lastIndexOf('.') + 1), name));
            }
        }
        return lanes;
    }
}
