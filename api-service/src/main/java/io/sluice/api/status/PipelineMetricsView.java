package io.sluice.api.status;

import java.util.List;

/**
 * A pipeline's metrics history, oldest point first.
 *
 * @param sampleIntervalMillis time between two points (a gap means no sample: nobody reported)
 */
record PipelineMetricsView(String pipelineId, long sampleIntervalMillis, List<MetricsPoint> points) {
}
