package io.sluice.ui.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Import a definition (as exported, secrets filled in): pasted or uploaded, sent to
 * {@code POST /pipelines/import}. What the API refuses comes back as a list of problems, each with
 * the JSON path it concerns, above the pasted definition so it can be fixed in place.
 */
@Controller
class PipelineImportController {

    private final ApiClient api;

    PipelineImportController(ApiClient api) {
        this.api = api;
    }

    @GetMapping("/pipelines/import")
    String form(Model model) {
        model.addAttribute("definition", "");
        return "pipelines/import";
    }

    @PostMapping("/pipelines/import")
    String importDefinition(@RequestParam(defaultValue = "") String definition,
            @RequestParam(required = false) MultipartFile file, Model model, RedirectAttributes redirect)
            throws IOException {
        // An uploaded file wins over the text area: choosing a file is the later, deliberate act.
        String json = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : definition;
        model.addAttribute("definition", json);
        if (json.isBlank()) {
            model.addAttribute("problem", "Paste a definition or choose a file.");
            return "pipelines/import";
        }
        try {
            String id = api.post("/pipelines/import", json).body().path("id").asString();
            redirect.addFlashAttribute("flash", "Pipeline " + id + " imported. Start it when you are ready.");
            return "redirect:/pipelines/" + PipelineIds.require(id);
        } catch (ApiProblemException e) {
            model.addAttribute("problem", e.problem().message());
            model.addAttribute("errors", e.problem().errors());
            // 200, like any form shown again with its errors: an error status would be logged to
            // the browser console as a failed load although the page is exactly what was wanted.
            return "pipelines/import";
        }
    }
}
