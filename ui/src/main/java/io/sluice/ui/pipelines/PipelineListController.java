package io.sluice.ui.pipelines;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.config.UiProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.JsonNode;

/**
 * The pipelines list: the page users land on after logging in. Its table refreshes itself
 * (htmx fetches {@code /pipelines/table} every {@code sluice.ui.refresh}), without reloading the page.
 */
@Controller
class PipelineListController {

    // The newest metrics point is at most one sample interval old; asking for a little more than
    // the default interval spares transferring an hour of history per pipeline at every refresh.
    private static final Duration RECENT = Duration.ofMinutes(2);

    private final ApiClient api;

    private final UiProperties properties;

    private final Clock clock = Clock.systemUTC();

    PipelineListController(ApiClient api, UiProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/pipelines")
    String list(Model model) {
        table(model);
        return "pipelines/list";
    }

    @GetMapping("/pipelines/table")
    String table(Model model) {
        List<PipelineViews.PipelineRow> rows = new ArrayList<>();
        String since = clock.instant().minus(RECENT).toString();
        for (JsonNode item : api.get("/pipelines?size=100").body().path("items")) {
            rows.add(PipelineViews.row(item, lastPoint(item.path("id").asString(""), since)));
        }
        model.addAttribute("pipelines", rows);
        model.addAttribute("refreshMillis", properties.refresh().toMillis());
        return "pipelines/list :: table";
    }

    private JsonNode lastPoint(String id, String since) {
        try {
            JsonNode points = api.get("/pipelines/" + PipelineIds.require(id) + "/metrics?since=" + since).body()
                    .path("points");
            return points.isEmpty() ? null : points.get(points.size() - 1);
        } catch (ApiProblemException e) {
            // Deleted meanwhile, or the workers' status unreadable: the row shows "–", the list still works.
            return null;
        }
    }
}
