package io.sluice.worker.lane;

import java.util.List;

/** Finds a pipeline's lanes for a stage: the input subjects (source partitions) that hold batches. */
public interface LaneDiscovery {

    List<Lane> lanes() throws Exception;
}
