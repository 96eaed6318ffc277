package io.sluice.api.browse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which offsets of which partitions a look at a topic reads, and which of the records read it
 * shows. Pure: the partitions' ranges and Kafka's answer to offsetsForTimes come in, so every case
 * is tested without a broker.
 */
final class SeekPlan {

    private SeekPlan() {
    }

    /**
     * The range of each partition to read: from its start offset (inclusive) to its end offset
     * (exclusive); partitions with nothing to read are left out.
     * @param partitions each partition's first offset and the offset after its last record
     * @param timeOffsets for {@link Seek.FromTime}, each partition's first offset at or after the
     * time; a partition missing has no record that late
     * @throws UnknownPartitionException if an offset seek names a partition the topic has not
     */
    static Map<Integer, Range> ranges(List<PartitionRange> partitions, Seek seek, int limit, Map<Integer, Long> timeOffsets) {
        Map<Integer, Range> ranges = new LinkedHashMap<>();
        if (seek instanceof Seek.FromOffset fromOffset) {
            PartitionRange partition = partitions.stream().filter((p) -> p.partition() == fromOffset.partition()).findFirst()
                    .orElseThrow(() -> new UnknownPartitionException(fromOffset.partition(), partitions.size()));
            long start = Math.min(Math.max(fromOffset.offset(), partition.begin()), partition.end());
            add(ranges, partition.partition(), start, Math.min(partition.end(), start + limit));
        } else if (seek instanceof Seek.FromTime) {
            for (PartitionRange partition : partitions) {
                Long offset = timeOffsets.get(partition.partition());
                if (offset != null) {
                    long start = Math.max(offset, partition.begin());
                    add(ranges, partition.partition(), start, Math.min(partition.end(), start + limit));
                }
            }
        } else {
            for (PartitionRange partition : partitions) {
                // Each partition's last `limit`: the newest `limit` overall are among them.
                add(ranges, partition.partition(), Math.max(partition.begin(), partition.end() - limit), partition.end());
            }
        }
        return ranges;
    }

    /**
     * The records to show, at most {@code limit}: the newest first for {@link Seek.Latest}, else in
     * the order they were written from the seek on (by time, then partition and offset).
     */
    static List<BrowsedRecord> shown(List<BrowsedRecord> read, Seek seek, int limit) {
        Comparator<BrowsedRecord> forward = Comparator.comparing(BrowsedRecord::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(BrowsedRecord::partition).thenComparingLong(BrowsedRecord::offset);
        List<BrowsedRecord> sorted = new ArrayList<>(read);
        sorted.sort(seek instanceof Seek.Latest ? forward.reversed() : forward);
        return List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
    }

    private static void add(Map<Integer, Range> ranges, int partition, long start, long end) {
        if (start < end) {
            ranges.put(partition, new Range(start, end));
        }
    }

    /** Offsets {@code start} (inclusive) to {@code end} (exclusive) of one partition. */
    record Range(long start, long end) {
    }
}
