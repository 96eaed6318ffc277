package io.sluice.api.pipeline;

import java.util.List;

record PipelineList(List<PipelineSummary> items, PageInfo page) {
}
