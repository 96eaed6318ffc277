package io.sluice.ui.pipelines;

import java.time.Clock;
import java.util.List;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.StartWarnings;
import io.sluice.ui.config.UiProperties;
import io.sluice.ui.web.Formats;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A pipeline's page: status per component and replica, under a banner of the workers' warnings
 * (both refreshed by htmx from {@code /live}), charts of the last hour (static/js/charts.js polls
 * {@code /metrics}), recent lifecycle events,
 * and the lifecycle, edit, export and delete buttons. Buttons are plain POST forms with the CSRF
 * token; each redirects back with a message (post/redirect/get: a reload never repeats an action).
 */
@Controller
class PipelineDetailController {

    private final ApiClient api;

    private final UiProperties properties;

    private final ObjectMapper json;

    private final Clock clock = Clock.systemUTC();

    PipelineDetailController(ApiClient api, UiProperties properties, ObjectMapper json) {
        this.api = api;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/pipelines/{id}")
    String detail(@PathVariable String id, Model model) {
        JsonNode pipeline = live(id, model);
        model.addAttribute("definition", json.writerWithDefaultPrettyPrinter().writeValueAsString(pipeline.path("definition")));
        // The join's charts only where there is a join: empty charts on every other pipeline would only puzzle.
        model.addAttribute("hasJoin", pipeline.path("definition").path("join").isObject());
        model.addAttribute("events", PipelineViews.events(api.get("/pipelines/" + id + "/events?size=10").body()));
        return "pipelines/detail";
    }

    @GetMapping("/pipelines/{id}/live")
    String liveFragment(@PathVariable String id, Model model) {
        try {
            live(id, model);
        } catch (ApiProblemException e) {
            if (e.problem().status() != 404) {
                throw e;
            }
            // Deleted meanwhile (here or elsewhere): say so in place of the status, and stop the
            // refresh (the swapped-in section polls no more). An error status would only be
            // retried every few seconds and logged to the console each time.
            model.addAttribute("id", id);
            return "pipelines/gone";
        }
        return "pipelines/detail :: live";
    }

    /**
     * The metrics history as the API gives it, for the charts' script; {@code {"gone": true}} once
     * the pipeline was deleted, which stops the script's polling.
     */
    @GetMapping(path = "/pipelines/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    JsonNode metrics(@PathVariable String id) {
        try {
            return api.get("/pipelines/" + PipelineIds.require(id) + "/metrics").body();
        } catch (ApiProblemException e) {
            if (e.problem().status() != 404) {
                throw e;
            }
            return json.createObjectNode().put("gone", true);
        }
    }

    @PostMapping("/pipelines/{id}/{action:start|pause|resume|stop}")
    String transition(@PathVariable String id, @PathVariable String action, RedirectAttributes redirect) {
        PipelineIds.require(id);
        try {
            JsonNode pipeline = api.post("/pipelines/" + id + "/" + action, null).body();
            String flash = "Pipeline is " + pipeline.path("status").asString(action) + ".";
            String warnings = StartWarnings.sentence(pipeline);
            redirect.addFlashAttribute(warnings.isEmpty() ? "flash" : "flashError", warnings.isEmpty() ? flash
                    : flash + " " + warnings);
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("flashError", "Could not " + action + " the pipeline: " + e.problem().message());
        }
        return "redirect:/pipelines/" + id;
    }

    @PostMapping("/pipelines/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        PipelineIds.require(id);
        try {
            api.delete("/pipelines/" + id);
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("flashError", "Could not delete the pipeline: " + e.problem().message());
            return "redirect:/pipelines/" + id;
        }
        redirect.addFlashAttribute("flash", "Pipeline " + id + " deleted.");
        return "redirect:/pipelines";
    }

    /** The definition as a file, secrets masked by the API: ready for the import page elsewhere. */
    @GetMapping("/pipelines/{id}/export")
    ResponseEntity<String> export(@PathVariable String id) {
        JsonNode definition = api.get("/pipelines/" + PipelineIds.require(id) + "/export").body();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + ".json").build()
                        .toString())
                .body(json.writerWithDefaultPrettyPrinter().writeValueAsString(definition));
    }

    private JsonNode live(String id, Model model) {
        PipelineIds.require(id);
        JsonNode pipeline = api.get("/pipelines/" + id).body();
        String status = pipeline.path("status").asString("unknown");
        model.addAttribute("id", id);
        model.addAttribute("name", pipeline.path("name").asString(id));
        model.addAttribute("status", status);
        model.addAttribute("updated", Formats.time(java.time.Instant.parse(pipeline.path("updatedAt").asString())));
        model.addAttribute("actions", LifecycleActions.available(status));
        model.addAttribute("refreshMillis", properties.refresh().toMillis());
        try {
            JsonNode view = api.get("/pipelines/" + id + "/status").body();
            model.addAttribute("components", PipelineViews.components(view, clock.instant()));
            model.addAttribute("warnings", PipelineViews.warnings(view));
            model.addAttribute("problems", PipelineViews.problems(view));
            model.addAttribute("join", PipelineViews.join(view));
            model.addAttribute("brokerLag", PipelineViews.brokerLag(view));
            model.addAttribute("distributionPending", view.path("distributionPending").asBoolean(false));
        } catch (ApiProblemException e) {
            // The pipeline page still works while the workers' status cannot be read (NATS down).
            model.addAttribute("components", List.of());
            model.addAttribute("warnings", List.of());
            model.addAttribute("problems", List.of());
            model.addAttribute("statusError", e.problem().message());
        }
        return pipeline;
    }
}
