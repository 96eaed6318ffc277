package io.sluice.worker.lane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;

/**
 * Lanes from the subjects the data stream holds: a partition becomes a lane once the stage before
 * published its first batch, whatever the topic's partition count (which the stage does not know,
 * and which may grow). Purging never empties a partition's ingest or dedup subject (its last
 * processed message stays, see {@code InputPurger}), so lanes do not disappear while the stream
 * keeps them.
 */
public final class StreamLaneDiscovery implements LaneDiscovery {

    private final Connection connection;
    private final String stream;
    private final String pipelineId;
    private final Map<String, String> subjectsBySource;

    /**
     * @param stream           the pipeline's data stream
     * @param subjectsBySource by source id, the filter subject matching every lane of the source the
     *                         stage reads, one subject per partition (for dedup
     *                         {@code NatsNames.ingestSubjects}); lanes are found in this order
     */
    public StreamLaneDiscovery(Connection connection, String stream, String pipelineId,
            Map<String, String> subjectsBySource) {
        this.connection = connection;
        this.stream = stream;
        this.pipelineId = pipelineId;
        this.subjectsBySource = Collections.unmodifiableMap(new LinkedHashMap<>(subjectsBySource));
    }

    @Override
    public List<Lane> lanes() throws Exception {
        List<Lane> lanes = new ArrayList<>();
        for (var source : subjectsBySource.entrySet()) {
            List<Subject> subjects = connection.jetStreamManagement()
                    .getStreamInfo(stream, StreamInfoOptions.filterSubjects(source.getValue()))
                    .getStreamState().getSubjects();
            if (subjects == null) {
                continue;
            }
            for (Subject subject : subjects) {
                String name = subject.getName();
                lanes.add(Lane.of(pipelineId, source.getKey(), name.substring(name.lastIndexOf('.') + 1), name));
            }
        }
        return lanes;
    }
}
