package io.sluice.api.pipeline;

import java.util.List;
import java.util.Map;

record PipelineList(List<PipelineSummary> items, PageInfo page) {

    /** The same page, each item with the warnings and problems its workers report. */
    PipelineList withWarnings(PipelineWarnings warnings) {
        Map<String, PipelineWarnings.Notes> byId = warnings.of(this.items.stream().map(PipelineSummary::id).toList());
        return new PipelineList(this.items.stream()
                .map((item) -> item.withNotes(byId.getOrDefault(item.id(), PipelineWarnings.Notes.NONE)))
                .toList(), this.page);
    }
}
