package io.sluice.api.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a topic's offsets and its consumer group's committed offsets into lag per partition. Pure. */
final class PartitionLags {

    private PartitionLags() {
    }

    /**
     * <ul>
     * <li>committed: what lies between it and the end; never below 0 (a committed offset past the
     * end means the topic was deleted and created again: ingest starts it over, and nothing of
     * the new log is counted twice here);</li>
     * <li>nothing committed: everything still in the log (end less start), since ingest has
     * acknowledged none of it; a {@code latest} source that never started would skip it, but a
     * lag that says "all of it" is the honest reading until it did.</li>
     * </ul>
     *
     * @param end       by partition, the offset after the last committed record
     * @param start     by partition, the first offset still in the log (retention moves it); a missing
     *                  one counts as 0
     * @param committed by partition, the group's committed offset; absent where it committed nothing
     */
    static List<PartitionLag> of(Map<Integer, Long> end, Map<Integer, Long> start, Map<Integer, Long> committed) {
        List<PartitionLag> lags = new ArrayList<>();
        new TreeMap<>(end).forEach((partition, endOffset) -> {
            Long position = committed.get(partition);
            long from = position != null ? position : start.getOrDefault(partition, 0L);
            lags.add(new PartitionLag(partition, endOffset, position, Math.max(0, endOffset - from)));
        });
        return List.copyOf(lags);
    }
}
