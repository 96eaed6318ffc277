package io.sluice.ui.deadletters;

import java.util.List;
import java.util.Map;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.pipelines.PipelineIds;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline's dead letters, newest first, a page at a time; replay the selected ones or all, or
 * purge. Payloads are user data: the template prints them only as escaped text.
 */
@Controller
class DeadLetterController {

    static final int PAGE_SIZE = 50;

    private final ApiClient api;

    DeadLetterController(ApiClient api) {
        this.api = api;
    }

    @GetMapping("/pipelines/{id}/dlq")
    String list(@PathVariable String id, @RequestParam(required = false) Long before, Model model) {
        PipelineIds.require(id);
        JsonNode pipeline = api.get("/pipelines/" + id).body();
        List<DeadLetterRows.Row> rows = DeadLetterRows.of(api.get("/pipelines/" + id + "/dlq?limit=" + PAGE_SIZE
                + (before == null ? "" : "&before=" + before)).body());
        model.addAttribute("id", id);
        model.addAttribute("name", pipeline.path("name").asString(id));
        model.addAttribute("rows", rows);
        model.addAttribute("newestPage", before == null);
        model.addAttribute("olderBefore", rows.size() == PAGE_SIZE ? rows.get(rows.size() - 1).sequence() : null);
        return "pipelines/dlq";
    }

    /** @param all replay every dead letter (the API takes up to 10,000 per call), else the selected ones */
    @PostMapping("/pipelines/{id}/dlq/replay")
    String replay(@PathVariable String id, @RequestParam(required = false) List<Long> sequences,
            @RequestParam(defaultValue = "false") boolean all, RedirectAttributes redirect) {
        PipelineIds.require(id);
        if (!all && (sequences == null || sequences.isEmpty())) {
            redirect.addFlashAttribute("flashError", "Select the dead letters to replay first.");
            return "redirect:/pipelines/" + id + "/dlq";
        }
        try {
            JsonNode outcome = api.post("/pipelines/" + id + "/dlq/replay", all ? Map.of() : Map.of("sequences", sequences))
                    .body();
            String message = outcome.path("replayed").asLong() + " replayed into the pipeline.";
            if (!outcome.path("notFound").isEmpty()) {
                message += " " + outcome.path("notFound").size() + " were no longer in the queue.";
            }
            if (outcome.path("remaining").asLong() > 0) {
                message += " " + outcome.path("remaining").asLong() + " remain.";
            }
            redirect.addFlashAttribute("flash", message);
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("flashError", "Replay failed: " + e.problem().message());
        }
        return "redirect:/pipelines/" + id + "/dlq";
    }

    @PostMapping("/pipelines/{id}/dlq/purge")
    String purge(@PathVariable String id, RedirectAttributes redirect) {
        PipelineIds.require(id);
        try {
            long purged = api.post("/pipelines/" + id + "/dlq/purge", null).body().path("purged").asLong();
            redirect.addFlashAttribute("flash", purged + (purged == 1 ? " dead letter" : " dead letters") + " purged.");
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("flashError", "Purge failed: " + e.problem().message());
        }
        return "redirect:/pipelines/" + id + "/dlq";
    }
}
