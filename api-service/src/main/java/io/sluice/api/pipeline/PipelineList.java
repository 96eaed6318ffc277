package io.sluice.api.pipeline;

import java.util.List;
import java.util.Map;

record PipelineList(List<PipelineSummary> items, PageInfo page) {

    /** The same page, each item with the warnings and problems its workers report. */
    PipelineList withWarnings(PipelineWarnings warnings) {
        List<String> ids = this.items.stream().map(PipelineSummary::id).toList();
        Map<String, List<String>> byId = warnings.of(ids);
        Map<String, List<String>> problems = warnings.problems(ids);
        return new PipelineList(this.items.stream()
                .map((item) -> item.withWarnings(byId.getOrDefault(item.id(), List.of()),
                        problems.getOrDefault(item.id(), List.of())))
                .toList(), this.page);
    }
}
