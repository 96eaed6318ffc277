package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.sluice.ui.wizard.Lookups.SampledEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the sampled events of each dedup key are spread over the topic's partitions. Deduplication
 * keeps the first event of a key in processing order, and Kafka orders events only within a
 * partition: when the events of one key sit on several partitions, which of them is "first" is not
 * decided by when they were produced. A topic keyed by the dedup key keeps them on one partition.
 *
 * @param keyIsRecordKey whether every sampled event's Kafka record key is its dedup key (then its
 *                       events share a partition, whatever the sample shows)
 * @param events         how many sampled events hold the key fields
 * @param repeated       the key values seen in more than one event, with their partitions, most
 *                       partitions first
 */
record KeyPartitionSpread(boolean keyIsRecordKey, int events, List<KeySpread> repeated) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A key value seen in several sampled events, and the partitions they came from. */
    record KeySpread(String key, int events, List<Integer> partitions) {

        /** Whether the events of this key have no order between them. */
        public boolean spread() {
            return partitions.size() > 1;
        }
    }

    /** The key values on more than one partition (public: the page calls it). */
    public List<KeySpread> spread() {
        return repeated.stream().filter(KeySpread::spread).toList();
    }

    /**
     * @param key the dedup key fields as dot paths; an event without one of them is left out
     */
    static KeyPartitionSpread of(List<SampledEvent> sample, List<String> key) {
        Map<String, List<SampledEvent>> byKey = new LinkedHashMap<>();
        boolean recordKey = !sample.isEmpty() && !key.isEmpty();
        int events = 0;
        for (SampledEvent event : sample) {
            String value = keyValue(event.json(), key);
            if (value == null) {
                recordKey = false;
                continue;
            }
            events++;
            recordKey &= value.equals(event.key());
            byKey.computeIfAbsent(value, (k) -> new ArrayList<>()).add(event);
        }
        List<KeySpread> repeated = new ArrayList<>();
        byKey.forEach((value, of) -> {
            if (of.size() > 1) {
                repeated.add(new KeySpread(value, of.size(),
                        List.copyOf(new TreeSet<>(of.stream().map(SampledEvent::partition).toList()))));
            }
        });
        repeated.sort((a, b) -> Integer.compare(b.partitions().size(), a.partitions().size()));
        return new KeyPartitionSpread(recordKey && events > 0, events, List.copyOf(repeated));
    }

    /**
     * The key as text: a one-field key is its value as written ({@code o-1}, {@code 42}), as a
     * producer would write it as the record key; several fields are joined with " | ".
     */
    static String keyValue(String json, List<String> key) {
        if (json == null || key.isEmpty()) {
            return null;
        }
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String path : key) {
            JsonNode value = event;
            for (String part : path.split("\\.")) {
                value = value.path(part);
            }
            if (value.isMissingNode() || value.isNull() || value.isContainer()) {
                return null;
            }
            values.add(value.isString() ? value.stringValue() : value.toString());
        }
        return String.join(" | ", values);
    }
}
