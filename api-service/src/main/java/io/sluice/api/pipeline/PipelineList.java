package io.sluice.api.pipeline;

import java.util.List;
import java.util.Map;

record PipelineList(List<PipelineSummary> items, PageInfo page) {

    /** The same page, each item with the warnings its workers report. */
    PipelineList withWarnings(PipelineWarnings warnings) {
        Map<String, List<String>> byId = warnings.of(this.items.stream().map(PipelineSummary::id).toList());
        return new PipelineList(this.items.stream()
                .map((item) -> item.withWarnings(byId.getOrDefault(item.id(), List.of())))
                .toList(), this.page);
    }
}
