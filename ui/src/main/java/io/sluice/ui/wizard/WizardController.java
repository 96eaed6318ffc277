package io.sluice.ui.wizard;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The create and edit wizard: one page per {@link Step}, each a GET rendering the draft and a POST
 * saving the page's form into it and then doing what the pressed button says ({@code action}):
 * {@code next}, {@code back}, {@code goto:<step>}, or a page's own action (test a connection, show a
 * sample, try the filter). Every POST redirects, so reloading a page never repeats an action.
 *
 * <p>URLs: {@code /pipelines/new} starts a draft, {@code /pipelines/{id}/edit} loads a pipeline into
 * one; the pages are {@code /pipelines/new/<step>?draft=…} and {@code /pipelines/{id}/edit/<step>?draft=…}.
 */
@Controller
class WizardController {

    private static final String NEW = "/pipelines/new";

    private static final String EDIT = "/pipelines/{id}/edit";

    private final DraftStore drafts;

    private final WizardApi api;

    private final WizardPages pages;

    private final WizardDeployment deployment;

    WizardController(DraftStore drafts, WizardApi api, WizardPages pages, WizardDeployment deployment) {
        this.drafts = drafts;
        this.api = api;
        this.pages = pages;
        this.deployment = deployment;
    }

    // The forms are records: bind through their constructors only. Binding setters as well would try
    // to set "fields[0].name" on the built record's list and fail.
    @InitBinder
    void constructorBindingOnly(WebDataBinder binder) {
        binder.setDeclarativeBinding(true);
    }

    @GetMapping(NEW)
    String start(HttpSession session) {
        return redirect(drafts.create(session, null, null, Forms.empty()), Step.KAFKA);
    }

    @GetMapping(EDIT)
    String edit(@PathVariable String id, HttpSession session) {
        ApiResponse pipeline = api.pipeline(id);
        PipelineDefinition definition = PipelineJson.read(pipeline.body().path("definition").toString());
        Draft draft = drafts.create(session, id, pipeline.etag(), DefinitionLoader.forms(definition));
        if (definition.sink() != null) {
            draft.columns(definition.sink().table(), DefinitionLoader.mappedColumns(definition), null);
        }
        return redirect(draft, Step.KAFKA);
    }

    @GetMapping({NEW + "/{step}", EDIT + "/{step}"})
    String page(@PathVariable(required = false) String id, @PathVariable String step,
            @RequestParam(required = false) String draft, HttpSession session, Model model,
            RedirectAttributes redirect) {
        Step current = step(step);
        Draft found = drafts.find(session, draft).filter((d) -> Objects.equals(d.pipelineId(), id)).orElse(null);
        if (found == null) {
            return gone(id, redirect);
        }
        pages.prepare(found, current, model);
        return "wizard/" + current.slug();
    }

    @GetMapping({NEW + "/review/download", EDIT + "/review/download"})
    ResponseEntity<byte[]> download(@PathVariable(required = false) String id, @RequestParam String draft,
            HttpSession session) {
        Draft found = drafts.find(session, draft).filter((d) -> Objects.equals(d.pipelineId(), id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String json = pages.reviewJson(found);
        String name = found.forms().kafka().pipelineId().isBlank() ? "pipeline" : found.forms().kafka().pipelineId();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name.replaceAll("[^A-Za-z0-9_-]", "_") + ".json").build().toString())
                .body(json.getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping({NEW + "/kafka", EDIT + "/kafka"})
    String kafka(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute KafkaForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        if (action.equals("test")) {
            found.kafkaCheck(api.testKafka(found.forms().kafka(), found.pipelineId()));
        }
        return after(found, Step.KAFKA, action);
    }

    @PostMapping({NEW + "/topic", EDIT + "/topic"})
    String topic(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute TopicForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        Forms forms = found.forms();
        switch (action) {
            case "topics" -> found.topics(api.topics(forms.kafka(), found.pipelineId()));
            case "sample" -> {
                try {
                    found.sampled(api.sample(forms.kafka(), forms.topic().topic(), found.pipelineId()));
                } catch (ApiProblemException e) {
                    found.sample(null);
                    redirect.addFlashAttribute("sampleError", WizardApi.describe(e.problem()));
                }
            }
            default -> {
            }
        }
        return after(found, Step.TOPIC, action);
    }

    @PostMapping({NEW + "/dedup", EDIT + "/dedup"})
    String dedup(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute DedupForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        return after(found, Step.DEDUP, action);
    }

    @PostMapping({NEW + "/join", EDIT + "/join"})
    String join(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute JoinForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        Forms forms = found.forms();
        switch (action) {
            case "topics" -> found.rightTopics(api.topics(DefinitionAssembler.rightConnection(forms), found.pipelineId()));
            case "sample" -> {
                try {
                    found.rightSampled(api.sample(DefinitionAssembler.rightConnection(forms), forms.join().topic(),
                            found.pipelineId()));
                } catch (ApiProblemException e) {
                    found.rightSample(null);
                    redirect.addFlashAttribute("sampleError", WizardApi.describe(e.problem()));
                }
            }
            default -> {
            }
        }
        return after(found, Step.JOIN, action);
    }

    @PostMapping({NEW + "/filter", EDIT + "/filter"})
    String filter(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute FilterForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        if (action.equals("try")) {
            found.filterResult(pages.tryFilter(found));
        }
        return after(found, Step.FILTER, action);
    }

    @PostMapping({NEW + "/clickhouse", EDIT + "/clickhouse"})
    String clickHouse(@PathVariable(required = false) String id, @RequestParam String draft,
            @ModelAttribute ClickHouseForm form, @RequestParam(defaultValue = "next") String action,
            HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        if (action.equals("test")) {
            found.clickHouseCheck(api.testClickHouse(found.forms().clickHouse(), found.pipelineId()));
        }
        return after(found, Step.CLICKHOUSE, action);
    }

    @PostMapping({NEW + "/table", EDIT + "/table"})
    String table(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute TableForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        found.save(form);
        if (action.equals("tables")) {
            found.tables(api.tables(found.forms().clickHouse(), found.pipelineId()));
        }
        if (action.equals("columns") || found.columnsStale()) {
            pages.loadColumns(found);
        }
        return after(found, Step.TABLE, action);
    }

    @PostMapping({NEW + "/review", EDIT + "/review"})
    String review(@PathVariable(required = false) String id, @RequestParam String draft,
            @RequestParam(defaultValue = "deploy") String action, HttpSession session, RedirectAttributes redirect) {
        Draft found = find(session, draft, id);
        if (found == null) {
            return gone(id, redirect);
        }
        if (!action.equals("deploy")) {
            return after(found, Step.REVIEW, action);
        }
        WizardDeployment.Outcome outcome = deployment.deploy(found);
        if (outcome.done()) {
            drafts.remove(session, found.id());
            redirect.addFlashAttribute(outcome.warning() ? "flashError" : "flash", outcome.message());
            return "redirect:/pipelines/" + outcome.pipelineId();
        }
        if (outcome.step() != Step.REVIEW) {
            redirect.addFlashAttribute("flashError", outcome.message());
        }
        return redirect(found, outcome.step());
    }

    /** Saves nothing more; goes where the pressed button says. A page's own action stays on the page. */
    private String after(Draft draft, Step step, String action) {
        draft.problemsFixedOn(step);
        if (action.equals("next")) {
            return redirect(draft, step.next());
        }
        if (action.equals("back")) {
            return redirect(draft, step.previous());
        }
        if (action.startsWith("goto:")) {
            return redirect(draft, Step.fromSlug(action.substring("goto:".length())).orElse(step));
        }
        return redirect(draft, step) + "#" + action;
    }

    private Draft find(HttpSession session, String draft, String id) {
        return drafts.find(session, draft).filter((d) -> Objects.equals(d.pipelineId(), id)).orElse(null);
    }

    private static String gone(String id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flashError", "This wizard's draft is gone: the session ended, or too many wizards"
                + " were open at once. Start again here.");
        return "redirect:" + (id == null ? NEW : "/pipelines/" + id + "/edit");
    }

    private static String redirect(Draft draft, Step step) {
        return "redirect:" + draft.url(step);
    }

    private static Step step(String slug) {
        return Step.fromSlug(slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
