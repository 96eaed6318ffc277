package io.sluice.api.pipeline;

import java.util.List;

/** A page of a pipeline's history, newest first. */
record EventList(List<EventResponse> items, PageInfo page) {
}
