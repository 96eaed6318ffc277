package io.sluice.dedup.lane;

import java.util.List;

/** Finds a pipeline's dedup lanes: the ingest subjects (source partitions) that hold batches. */
public interface LaneDiscovery {

    List<Lane> lanes() throws Exception;
}
