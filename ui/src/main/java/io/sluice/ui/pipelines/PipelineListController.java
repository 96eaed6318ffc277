package io.sluice.ui.pipelines;

import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.api.ApiClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.JsonNode;

/** The pipelines list: the page users land on after logging in. */
@Controller
class PipelineListController {

    private final ApiClient api;

    PipelineListController(ApiClient api) {
        this.api = api;
    }

    @GetMapping("/pipelines")
    String list(Model model) {
        List<PipelineRow> rows = new ArrayList<>();
        for (JsonNode item : api.get("/pipelines?size=100").body().path("items")) {
            rows.add(new PipelineRow(item.path("id").asString(), item.path("name").asString(),
                    item.path("status").asString()));
        }
        model.addAttribute("pipelines", rows);
        return "pipelines/list";
    }

    record PipelineRow(String id, String name, String status) {
    }
}
