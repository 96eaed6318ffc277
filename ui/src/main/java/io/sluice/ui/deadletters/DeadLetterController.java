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

    /**
     * @param q words to search for (the API searches the whole queue, a bounded step at a time)
     * @param before the step or page to show: below this dead-letter number
     */
    @GetMapping("/pipelines/{id}/dlq")
    String list(@PathVariable String id, @RequestParam(required = false) Long before,
            @RequestParam(required = false) String q, Model model) {
        PipelineIds.require(id);
        String query = (q == null || q.isBlank()) ? null : q.trim();
        JsonNode pipeline = api.get("/pipelines/" + id).body();
        JsonNode search = api.get("/pipelines/" + id + "/dlq/search?limit=" + PAGE_SIZE
                + (before == null ? "" : "&before=" + before)
                + (query == null ? "" : "&q=" + DeadLetterRows.queryWords(query))).body();
        List<DeadLetterRows.Row> rows = DeadLetterRows.of(search.path("deadLetters"));
        DeadLetterRows.Summary summary = DeadLetterRows.summary(search, rows.size());
        model.addAttribute("id", id);
        model.addAttribute("name", pipeline.path("name").asString(id));
        model.addAttribute("rows", rows);
        model.addAttribute("summary", summary);
        model.addAttribute("query", query);
        model.addAttribute("newestPage", before == null);
        model.addAttribute("olderBefore", summary.continueBefore());
        return "pipelines/dlq";
    }

    /** How many dead letters the pipeline holds: the number its page links to the queue with (refreshed by htmx). */
    @GetMapping("/pipelines/{id}/dlq/count")
    String count(@PathVariable String id, Model model) {
        PipelineIds.require(id);
        try {
            model.addAttribute("total", api.get("/pipelines/" + id + "/dlq/search?limit=1").body().path("total").asLong());
        } catch (ApiProblemException e) {
            // Deleted meanwhile, or NATS unreachable: the page's own status says which; a failing
            // refresh here would only fill the console every few seconds.
            model.addAttribute("total", null);
        }
        model.addAttribute("id", id);
        return "pipelines/dlq :: count";
    }

    /** Removes one dead letter, without replaying it. */
    @PostMapping("/pipelines/{id}/dlq/{sequence}/delete")
    String delete(@PathVariable String id, @PathVariable long sequence, @RequestParam(required = false) String q,
            RedirectAttributes redirect) {
        PipelineIds.require(id);
        try {
            api.delete("/pipelines/" + id + "/dlq/" + sequence);
            redirect.addFlashAttribute("flash", "Dead letter " + sequence + " deleted.");
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("flashError", "Could not delete dead letter " + sequence + ": " + e.problem().message());
        }
        if (q != null && !q.isBlank()) {
            redirect.addAttribute("q", q.trim());
        }
        return "redirect:/pipelines/" + id + "/dlq";
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
