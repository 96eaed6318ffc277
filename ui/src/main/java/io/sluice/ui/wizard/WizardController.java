package io.sluice.ui.wizard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.Lookups.Sample;
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
import tools.jackson.databind.json.JsonMapper;

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

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        draft.loaded(pipeline.body().path("definition").toString(),
                "running".equals(pipeline.body().path("status").asString("")));
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
        Draft found = find(session, draft, id).orElse(null);
        if (found == null) {
            return gone(id, redirect);
        }
        found.shown(current);
        pages.prepare(found, current, model);
        model.addAttribute("cancelUrl", found.basePath() + "/cancel");
        model.addAttribute("pausesToSave", found.editing() && found.runningWhenLoaded());
        if (current == Step.KAFKA) {
            model.addAttribute("unfinished", drafts.unfinished(session).stream().filter((d) -> d != found)
                    .map(WizardController::unfinished).toList());
        }
        if (current == Step.REVIEW) {
            var definition = DefinitionAssembler.assemble(found.forms(), found.columns());
            model.addAttribute("flow", DefinitionSummary.flow(definition));
            model.addAttribute("changes", found.savedDefinition() == null ? null
                    : DefinitionSummary.changes(JSON.readTree(found.savedDefinition()), definition));
        }
        return "wizard/" + current.slug();
    }

    /** Without JavaScript, Cancel asks here before the draft is discarded. */
    @GetMapping({NEW + "/cancel", EDIT + "/cancel"})
    String cancel(@PathVariable(required = false) String id, @RequestParam(required = false) String draft,
            HttpSession session, Model model, RedirectAttributes redirect) {
        Draft found = find(session, draft, id).orElse(null);
        if (found == null) {
            return gone(id, redirect);
        }
        model.addAttribute("draft", unfinished(found));
        return "wizard/cancel";
    }

    /** Discards a draft: Cancel in the wizard, or Discard in the list of unfinished drafts. */
    @PostMapping({NEW + "/discard", EDIT + "/discard"})
    String discard(@PathVariable(required = false) String id, @RequestParam String draft, HttpSession session,
            RedirectAttributes redirect) {
        find(session, draft, id).ifPresent((found) -> {
            drafts.remove(session, found.id());
            redirect.addFlashAttribute("flash", "Discarded the draft of " + unfinished(found).name() + ".");
        });
        return "redirect:" + (id == null ? "/pipelines" : "/pipelines/" + id);
    }

    @GetMapping({NEW + "/review/download", EDIT + "/review/download"})
    ResponseEntity<byte[]> download(@PathVariable(required = false) String id, @RequestParam String draft,
            HttpSession session) {
        Draft found = find(session, draft, id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
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
        return savePage(Step.KAFKA, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            if (action.equals("test")) {
                found.kafkaCheck(api.testKafka(found.forms().kafka(), found.pipelineId()));
            }
        });
    }

    @PostMapping({NEW + "/topic", EDIT + "/topic"})
    String topic(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute TopicForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.TOPIC, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            KafkaForm connection = found.forms().kafka();
            switch (action) {
                case "topics" -> found.topics(api.topics(connection, found.pipelineId()));
                case "sample" -> found.sampled(sample(connection, found.forms().topic().topic(), found, redirect));
                default -> {
                }
            }
        });
    }

    @PostMapping({NEW + "/dedup", EDIT + "/dedup"})
    String dedup(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute DedupForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.DEDUP, id, draft, action, session, redirect, (found) -> found.save(form));
    }

    @PostMapping({NEW + "/join", EDIT + "/join"})
    String join(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute JoinForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.JOIN, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            KafkaForm connection = DefinitionAssembler.rightConnection(found.forms());
            switch (action) {
                case "topics" -> found.rightTopics(api.topics(connection, found.pipelineId()));
                case "sample" -> found.rightSampled(sample(connection, found.forms().join().topic(), found, redirect));
                default -> {
                }
            }
        });
    }

    @PostMapping({NEW + "/filter", EDIT + "/filter"})
    String filter(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute FilterForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.FILTER, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            if (action.equals("try")) {
                found.filterResult(pages.tryFilter(found));
            }
        });
    }

    @PostMapping({NEW + "/clickhouse", EDIT + "/clickhouse"})
    String clickHouse(@PathVariable(required = false) String id, @RequestParam String draft,
            @ModelAttribute ClickHouseForm form, @RequestParam(defaultValue = "next") String action,
            HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.CLICKHOUSE, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            if (action.equals("test")) {
                found.clickHouseCheck(api.testClickHouse(found.forms().clickHouse(), found.pipelineId()));
            }
        });
    }

    @PostMapping({NEW + "/table", EDIT + "/table"})
    String table(@PathVariable(required = false) String id, @RequestParam String draft, @ModelAttribute TableForm form,
            @RequestParam(defaultValue = "next") String action, HttpSession session, RedirectAttributes redirect) {
        return savePage(Step.TABLE, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            if (action.equals("tables")) {
                found.tables(api.tables(found.forms().clickHouse(), found.pipelineId()));
            }
            if (action.equals("columns") || found.columnsStale()) {
                pages.loadColumns(found);
            }
        });
    }

    /** The table page's "Create table" buttons: show the CREATE TABLE for the choice, then run it. */
    @PostMapping({NEW + "/table/create", EDIT + "/table/create"})
    String createTable(@PathVariable(required = false) String id, @RequestParam String draft,
            @ModelAttribute TableForm form, @RequestParam(defaultValue = "create-preview") String action,
            @RequestParam(defaultValue = "") String newTable, @RequestParam(defaultValue = "") String newEngine,
            @RequestParam(required = false) java.util.List<String> newOrderBy, HttpSession session,
            RedirectAttributes redirect) {
        return savePage(Step.TABLE, id, draft, action, session, redirect, (found) -> {
            found.save(form);
            pages.createTable(found, newTable, newEngine, newOrderBy, action.equals("create-table"));
        });
    }

    @PostMapping({NEW + "/review", EDIT + "/review"})
    String review(@PathVariable(required = false) String id, @RequestParam String draft,
            @RequestParam(defaultValue = "deploy") String action, HttpSession session, RedirectAttributes redirect) {
        return withDraft(id, draft, session, redirect, (found) -> switch (action) {
            case "deploy" -> deploy(found, deployment.deploy(found), session, redirect);
            case "pause-save-resume" -> deploy(found, deployment.pauseSaveResume(found), session, redirect);
            default -> after(found, Step.REVIEW, action, session);
        });
    }

    /**
     * What every page's POST does: find the draft, let the page save its form into it and do the
     * page's own action, then go where the pressed button says.
     *
     * @param saveAndAct what differs from page to page
     */
    private String savePage(Step step, String id, String draft, String action, HttpSession session,
            RedirectAttributes redirect, Consumer<Draft> saveAndAct) {
        return withDraft(id, draft, session, redirect, (found) -> {
            found.touch();
            saveAndAct.accept(found);
            return after(found, step, action, session);
        });
    }

    /** Hands the draft to {@code handle}, which returns where to redirect; a draft that is gone says so. */
    private String withDraft(String id, String draft, HttpSession session, RedirectAttributes redirect,
            Function<Draft, String> handle) {
        return find(session, draft, id).map(handle).orElseGet(() -> gone(id, redirect));
    }

    // A draft answers only under the URLs of its own pipeline (or of a new one).
    private Optional<Draft> find(HttpSession session, String draft, String id) {
        return drafts.find(session, draft).filter((d) -> Objects.equals(d.pipelineId(), id));
    }

    /** The topic's newest event; null when there is none, with the reason shown on the page. */
    private Sample sample(KafkaForm connection, String topic, Draft draft, RedirectAttributes redirect) {
        try {
            return api.sample(connection, topic, draft.pipelineId());
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("sampleError", WizardApi.describe(e.problem()));
            return null;
        }
    }

    private String deploy(Draft draft, WizardDeployment.Outcome outcome, HttpSession session,
            RedirectAttributes redirect) {
        if (outcome.done()) {
            drafts.remove(session, draft.id());
            redirect.addFlashAttribute(outcome.warning() ? "flashError" : "flash", outcome.message());
            return "redirect:/pipelines/" + outcome.pipelineId();
        }
        if (outcome.step() != Step.REVIEW) {
            redirect.addFlashAttribute("flashError", outcome.message());
        }
        return redirect(draft, outcome.step());
    }

    /**
     * Saves nothing more; goes where the pressed button says. A page's own action stays on the page.
     * Going forward (Next, or a later step's pill) first checks this page by the api-service's rules
     * and stays here with the problems next to their inputs; going back never does, so a user can
     * leave a half-done page and keep what they typed.
     */
    private String after(Draft draft, Step step, String action, HttpSession session) {
        draft.problemsFixedOn(step);
        Step target = switch (action) {
            case "next" -> step.next();
            case "back" -> step.previous();
            default -> action.startsWith("goto:") ? Step.fromSlug(action.substring("goto:".length())).orElse(step) : null;
        };
        if (target != null && target.ordinal() > step.ordinal()) {
            List<Problem> found = StepCheck.of(step, draft.forms(), draft.columns());
            if (!found.isEmpty()) {
                List<Problem> all = new ArrayList<>(draft.problems());
                all.addAll(found);
                draft.problems(all, draft.problemMessage());
                return redirect(draft, step);
            }
        }
        if (action.equals("discard")) {
            drafts.remove(session, draft.id());
            return "redirect:" + (draft.editing() ? "/pipelines/" + draft.pipelineId() : "/pipelines");
        }
        if (action.equals("cancel")) {
            return "redirect:" + draft.basePath() + "/cancel?draft=" + draft.id();
        }
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

    /** A draft as the list of unfinished ones and the Cancel page name it. */
    record Unfinished(String name, int step, String stepTitle, String continueUrl, String discardUrl, boolean editing) {
    }

    private static Unfinished unfinished(Draft draft) {
        String id = draft.forms().kafka().pipelineId();
        String name = draft.editing() ? draft.pipelineId() : (id.isBlank() ? "a new pipeline" : "'" + id + "'");
        return new Unfinished(name, draft.lastStep().number(), draft.lastStep().title(), draft.url(draft.lastStep()),
                draft.basePath() + "/discard?draft=" + draft.id(), draft.editing());
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
