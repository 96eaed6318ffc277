package io.sluice.api.browse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.sluice.api.connection.StoredPipelines;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A look at the events of a pipeline's source topic, through the connection the pipeline stores:
 * its credentials stay in the api-service. At most {@value #MAX_LIMIT} records a request, read
 * within a time bound, without a consumer group.
 */
@RestController
class TopicBrowseController {

    static final int MAX_LIMIT = 100;

    private final StoredPipelines pipelines;

    private final TopicBrowser browser;

    TopicBrowseController(StoredPipelines pipelines, TopicBrowser browser) {
        this.pipelines = pipelines;
        this.browser = browser;
    }

    /**
     * The newest {@code limit} records; or from {@code offset} of {@code partition} on; or from
     * the time {@code from} on (every partition).
     */
    @GetMapping("/api/v1/pipelines/{id}/sources/{sourceId}/records")
    SourceRecords records(@PathVariable String id, @PathVariable String sourceId,
            @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) Integer partition,
            @RequestParam(required = false) Long offset, @RequestParam(required = false) String from) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidBrowseRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Seek seek = seek(partition, offset, from);
        PipelineDefinition definition = pipelines.inClear(id)
                .orElseThrow(() -> new UnknownSourceException("No pipeline with id '" + id + "'"));
        SourceDefinition source = definition.sources().stream().filter((s) -> s.id().equals(sourceId)).findFirst()
                .orElseThrow(() -> new UnknownSourceException("Pipeline '" + id + "' has no source '" + sourceId
                        + "'; its sources are " + String.join(", ", definition.sources().stream().map(SourceDefinition::id).toList()) + "."));
        TopicBrowser.Look look = browser.look(source.connection(), source.topic(), seek, limit);
        return new SourceRecords(source.id(), source.topic(), look.partitions(), look.records(), look.complete());
    }

    private static Seek seek(Integer partition, Long offset, String from) {
        if (from != null && (offset != null || partition != null)) {
            throw new InvalidBrowseRequestException("from", "seeks by time in every partition: leave out partition and offset");
        }
        if (from != null) {
            try {
                return new Seek.FromTime(Instant.parse(from));
            } catch (DateTimeParseException e) {
                throw new InvalidBrowseRequestException("from", "must be a time like 2026-12-05T10:00:00Z, was '" + from + "'");
            }
        }
        if (offset != null || partition != null) {
            if (offset == null || partition == null) {
                throw new InvalidBrowseRequestException(offset == null ? "offset" : "partition",
                        "a seek by offset needs both the partition and the offset");
            }
            if (partition < 0 || offset < 0) {
                throw new InvalidBrowseRequestException(partition < 0 ? "partition" : "offset", "must be 0 or more");
            }
            return new Seek.FromOffset(partition, offset);
        }
        return new Seek.Latest();
    }

    /**
     * @param complete false when the time bound ended the read before every record wanted came
     */
    record SourceRecords(String source, String topic, List<PartitionRange> partitions, List<BrowsedRecord> records,
            boolean complete) {
    }
}
