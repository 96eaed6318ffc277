package io.sluice.ui.browse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.pipelines.PipelineIds;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * The events of a pipeline's source topics, a few at a time: the newest, from an offset of a
 * partition, or from a time. The api-service reads Kafka with the connection the pipeline stores,
 * so no credential reaches the browser. Values are user data: the template prints them as text.
 */
@Controller
class EventBrowserController {

    static final List<Integer> LIMITS = List.of(10, 20, 50, 100);

    private static final Map<String, String> PARAMETERS = Map.of("limit", "How many", "partition", "Partition",
            "offset", "Offset", "from", "Time");

    private final ApiClient api;

    EventBrowserController(ApiClient api) {
        this.api = api;
    }

    @GetMapping("/pipelines/{id}/browse")
    String browse(@PathVariable String id, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) Integer partition,
            @RequestParam(required = false) Long offset, @RequestParam(required = false) String from, Model model) {
        PipelineIds.require(id);
        JsonNode pipeline = api.get("/pipelines/" + id).body();
        List<String> sources = new ArrayList<>();
        pipeline.path("definition").path("sources").forEach((s) -> sources.add(s.path("id").asString()));
        String chosen = (source != null && sources.contains(source)) ? source : sources.isEmpty() ? null : sources.get(0);
        int shown = LIMITS.contains(limit) ? limit : 20;
        model.addAttribute("id", id);
        model.addAttribute("name", pipeline.path("name").asString(id));
        model.addAttribute("sources", sources);
        model.addAttribute("source", chosen);
        model.addAttribute("limit", shown);
        model.addAttribute("limits", LIMITS);
        model.addAttribute("partition", partition);
        model.addAttribute("offset", offset);
        model.addAttribute("from", from);
        model.addAttribute("rows", List.of());
        model.addAttribute("partitions", List.of());
        if (chosen == null) {
            return "pipelines/events";
        }
        String seek;
        try {
            Optional<String> fromTime = EventRows.fromTime(from);
            seek = fromTime.map((time) -> "&from=" + time).orElse("")
                    + (fromTime.isEmpty() && (partition != null || offset != null)
                            ? (partition == null ? "" : "&partition=" + partition) + (offset == null ? "" : "&offset=" + offset)
                            : "");
            model.addAttribute("seeking", fromTime.map((time) -> "from " + time.replace('T', ' ').replace("Z", " UTC"))
                    .orElse(partition != null || offset != null ? "from offset " + offset + " of partition " + partition
                            : "the newest"));
        } catch (IllegalArgumentException e) {
            model.addAttribute("browseError", e.getMessage());
            return "pipelines/events";
        }
        try {
            JsonNode look = api.get("/pipelines/" + id + "/sources/" + chosen + "/records?limit=" + shown + seek).body();
            model.addAttribute("topic", look.path("topic").asString());
            model.addAttribute("rows", EventRows.of(look.path("records")));
            List<String> partitions = new ArrayList<>();
            look.path("partitions").forEach((p) -> partitions.add("partition " + p.path("partition").asInt() + ": offsets "
                    + p.path("begin").asLong() + " to " + (p.path("end").asLong() - 1)));
            model.addAttribute("partitions", partitions);
            model.addAttribute("incomplete", !look.path("complete").asBoolean(true));
        } catch (ApiProblemException e) {
            model.addAttribute("browseError", sentence(e));
        }
        return "pipelines/events";
    }

    // "Partition: the topic has no partition 7…" rather than the API's parameter names.
    private static String sentence(ApiProblemException e) {
        Map<String, String> byPath = e.problem().messagesByPath();
        if (byPath.isEmpty()) {
            return e.problem().message();
        }
        List<String> parts = new ArrayList<>();
        byPath.forEach((path, message) -> parts.add(PARAMETERS.getOrDefault(path, path) + ": " + message));
        return String.join(" ", parts);
    }
}
