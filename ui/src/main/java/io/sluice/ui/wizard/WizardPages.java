package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.OutputFields.OutputField;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * What each wizard page shows: the draft's form, the lists it picks from (looked up through the
 * api-service when the page is first shown) and the problems the api-service found on it.
 */
@Component
class WizardPages {

    static final List<String> FIELD_TYPES = List.of("string", "int", "float", "bool", "timestamp", "array", "object");

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final WizardApi api;

    private final ObjectMapper json;

    WizardPages(WizardApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /** A pill of the step indicator. */
    record StepLink(String slug, String title, int number, boolean current, boolean done, boolean hasProblems) {
    }

    /** A key field candidate of the dedup page; only scalar fields can be keys. */
    record KeyOption(String name, String type, boolean checked, boolean scalar) {
    }

    /** A row of the mapping table. */
    record MappingView(int index, String field, String fieldType, String column, String columnType,
            TypeCompatibility.Verdict verdict) {
    }

    /**
     * The chosen table's engine and what the sink will make of it; shown only when the engine is
     * known (the table was chosen from the listed ones).
     */
    record EngineView(String table, String engine, boolean refused, String explanation) {

        static EngineView of(Draft draft) {
            String table = draft.forms().table().table();
            String engine = draft.tables() == null || table.isBlank() ? "" : draft.tables().engine(table);
            ReplayProtection protection = ReplayProtection.of(engine);
            return protection == ReplayProtection.UNKNOWN ? null
                    : new EngineView(table, engine, protection.refusedUnlessAccepted(), protection.explanation());
        }
    }

    /** A problem on the review page, with a link to the page where it is fixed. */
    record ProblemView(String stepTitle, String url, String path, String message) {
    }

    void prepare(Draft draft, Step step, Model model) {
        Forms forms = draft.forms();
        Map<String, String> errors = StepErrors.of(step, draft.problems(), forms);
        model.addAttribute("draftId", draft.id());
        model.addAttribute("base", draft.basePath());
        model.addAttribute("action", draft.basePath() + "/" + step.slug());
        model.addAttribute("downloadUrl", draft.basePath() + "/review/download");
        model.addAttribute("step", step.slug());
        model.addAttribute("stepTitle", step.title());
        model.addAttribute("stepNumber", step.number());
        model.addAttribute("steps", steps(draft, step));
        model.addAttribute("editing", draft.editing());
        model.addAttribute("pipelineId", draft.pipelineId());
        model.addAttribute("fieldErrors", errors);
        model.addAttribute("stepProblems", StepErrors.messages(errors));
        model.addAttribute("fieldTypes", FIELD_TYPES);
        model.addAttribute("protocols", PROTOCOLS);
        model.addAttribute("mechanisms", MECHANISMS);
        switch (step) {
            case KAFKA -> {
                model.addAttribute("form", forms.kafka().withPassword(SecretInput.shown(forms.kafka().password())));
                model.addAttribute("check", draft.kafkaCheck());
            }
            case TOPIC -> {
                if (draft.topics() == null && !forms.kafka().brokerList().isEmpty()) {
                    draft.topics(api.topics(forms.kafka(), draft.pipelineId()));
                }
                model.addAttribute("form", forms.topic());
                model.addAttribute("topics", draft.topics());
                model.addAttribute("sample", draft.sample());
                model.addAttribute("disagreements", draft.sample() == null ? List.of()
                        : SchemaProposal.disagreements(draft.sample().fields(), draft.sample().events().size()));
            }
            case DEDUP -> {
                model.addAttribute("form", forms.dedup());
                model.addAttribute("keyOptions", keyOptions(forms));
                model.addAttribute("sampleSize", draft.sample() == null ? 0 : draft.sample().events().size());
                model.addAttribute("keyLabel", String.join(" + ", forms.dedup().key()));
                model.addAttribute("keySpread", draft.sample() == null || forms.dedup().key().isEmpty() ? null
                        : KeyPartitionSpread.of(draft.sample().events(), forms.dedup().key()));
            }
            case JOIN -> {
                if (forms.join().enabled() && draft.rightTopics() == null
                        && !DefinitionAssembler.rightConnection(forms).brokerList().isEmpty()) {
                    draft.rightTopics(api.topics(DefinitionAssembler.rightConnection(forms), draft.pipelineId()));
                }
                model.addAttribute("form", forms.join().withPassword(SecretInput.shown(forms.join().password())));
                model.addAttribute("topics", draft.rightTopics());
                model.addAttribute("sample", draft.rightSample());
                model.addAttribute("leftSourceId", forms.topic().sourceId());
                model.addAttribute("leftFields", forms.topic().fields().stream().filter(SchemaRow::include)
                        .map(SchemaRow::name).toList());
                model.addAttribute("rightFields", forms.join().fields().stream().filter(SchemaRow::include)
                        .map(SchemaRow::name).toList());
                model.addAttribute("preview", forms.join().enabled()
                        ? JoinPreview.of(forms.topic().sourceId(), draft.sample(), draft.rightSample(), forms.join()) : null);
            }
            case FILTER -> {
                model.addAttribute("form", forms.filter());
                FilterPreview.Result result = draft.filterResult();
                model.addAttribute("result", result);
                model.addAttribute("caret", result != null && result.error() && result.position() > 0
                        ? caret(forms.filter().expression(), result.position()) : null);
                Map<String, Object> event = filterEvent(draft);
                model.addAttribute("sampleText", event == null ? null : pretty(event));
                model.addAttribute("fieldNames", OutputFields.of(forms).stream().map(OutputField::name).toList());
                model.addAttribute("filterExample", FilterHelp.EXAMPLE);
                model.addAttribute("filterGrammar", FilterHelp.GRAMMAR);
                model.addAttribute("filterMissingFields", FilterHelp.MISSING_FIELDS);
            }
            case CLICKHOUSE -> {
                model.addAttribute("form", forms.clickHouse().withPassword(SecretInput.shown(forms.clickHouse().password())));
                model.addAttribute("check", draft.clickHouseCheck());
            }
            case TABLE -> prepareTable(draft, model);
            case REVIEW -> {
                model.addAttribute("json", reviewJson(draft));
                ReviewProblems review = ReviewProblems.of(draft);
                model.addAttribute("allProblems", review.problems());
                model.addAttribute("problemMessage", review.summary());
                model.addAttribute("mismatches", mappingViews(draft).stream().filter((row) -> row.verdict().mismatch())
                        .map(MappingView::field).toList());
                model.addAttribute("table", forms.table());
                model.addAttribute("engine", EngineView.of(draft));
            }
        }
    }

    /** The definition as it will be sent, secrets masked, pretty-printed. */
    String reviewJson(Draft draft) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(
                DefinitionAssembler.masked(DefinitionAssembler.assemble(draft.forms(), draft.columns())));
    }

    FilterPreview.Result tryFilter(Draft draft) {
        return FilterPreview.run(draft.forms().filter().expression(), filterEvent(draft),
                OutputFields.of(draft.forms()).stream().map(OutputField::name).toList());
    }

    /** Reads the chosen table's columns and proposes the mapping; a failure is shown on the page. */
    void loadColumns(Draft draft) {
        TableForm table = draft.forms().table();
        if (table.table().isBlank()) {
            draft.columns("", List.of(), null);
            return;
        }
        boolean sameTable = table.table().equals(draft.columnsTable());
        try {
            List<TableColumn> columns = api.columns(draft.forms().clickHouse(), table.table(), draft.pipelineId());
            draft.columns(table.table(), columns, null);
            List<MappingRow> mapping = MappingPrefill.propose(OutputFields.of(draft.forms()), columns,
                    sameTable ? table.mapping() : List.of());
            draft.forms(draft.forms().with(table.withMapping(mapping)));
        } catch (ApiProblemException e) {
            draft.columns(table.table(), sameTable ? draft.columns() : List.of(), WizardApi.describe(e.problem()));
        }
    }

    private void prepareTable(Draft draft, Model model) {
        Forms forms = draft.forms();
        if (draft.tables() == null && !forms.clickHouse().url().isBlank()) {
            draft.tables(api.tables(forms.clickHouse(), draft.pipelineId()));
        }
        if (!forms.table().table().isBlank() && draft.columnsStale()) {
            loadColumns(draft);
        }
        if (!draft.columns().isEmpty()) {
            // The fields may have changed on earlier pages since the mapping was made.
            TableForm table = draft.forms().table();
            draft.forms(draft.forms().with(table.withMapping(
                    MappingPrefill.propose(OutputFields.of(draft.forms()), draft.columns(), table.mapping()))));
        }
        model.addAttribute("form", draft.forms().table());
        model.addAttribute("tables", draft.tables());
        prepareTableCreation(draft, model);
        model.addAttribute("engine", EngineView.of(draft));
        model.addAttribute("columns", draft.columns());
        model.addAttribute("columnsError", draft.columnsError());
        List<MappingView> rows = mappingViews(draft);
        model.addAttribute("rows", rows);
        model.addAttribute("unmappedColumns", draft.columns().stream()
                .filter((column) -> rows.stream().noneMatch((row) -> row.column().equals(column.name())))
                .map(TableColumn::name).toList());
    }

    /** The engines "Create table" offers, the one that keeps exactly-once delivery first. */
    static final List<String> NEW_TABLE_ENGINES = List.of("ReplicatedMergeTree", "MergeTree");

    private static void prepareTableCreation(Draft draft, Model model) {
        List<NewTableProposal.ProposedColumn> columns = NewTableProposal.columns(OutputFields.of(draft.forms()));
        Lookups.TableCreation creation = draft.tableCreation();
        model.addAttribute("newColumns", columns);
        model.addAttribute("newEngines", NEW_TABLE_ENGINES);
        model.addAttribute("creation", creation);
        model.addAttribute("newTable", creation != null ? creation.table()
                : (draft.forms().table().table().isBlank() || (draft.tables() != null
                        && draft.tables().items().contains(draft.forms().table().table())))
                        ? SchemaProposal.sourceId(draft.forms().topic().topic()).replace('-', '_')
                        : draft.forms().table().table());
        model.addAttribute("newEngine", creation != null ? creation.engine() : NEW_TABLE_ENGINES.get(0));
        model.addAttribute("newOrderBy", creation != null ? creation.orderBy()
                : NewTableProposal.orderBy(columns, draft.forms().dedup().enabled() ? draft.forms().dedup().key() : List.of()));
    }

    /**
     * The table step's "Create table": shows the statement for the user's choice, or runs it when it
     * is the one shown ({@code run}). A created table becomes the pipeline's table, its columns
     * loaded and mapped.
     */
    void createTable(Draft draft, String table, String engine, List<String> orderBy, boolean run) {
        String name = table == null ? "" : table.trim();
        List<String> sortKey = orderBy == null ? List.of() : orderBy;
        if (name.isEmpty()) {
            draft.tableCreation(new Lookups.TableCreation(name, engine, sortKey, null, "Name the new table.", false));
            return;
        }
        List<NewTableProposal.ProposedColumn> columns = NewTableProposal.columns(OutputFields.of(draft.forms()));
        Lookups.TableCreation shown = draft.tableCreation();
        boolean readIt = shown != null && shown.shows(name, engine, sortKey);
        WizardApi.CreatedTable answer = api.createTable(draft.forms().clickHouse(), name, columns, engine, sortKey,
                !(run && readIt), draft.pipelineId());
        if (answer.error() != null) {
            draft.tableCreation(new Lookups.TableCreation(name, engine, sortKey, null, answer.error(), false));
            return;
        }
        if (!answer.created()) {
            draft.tableCreation(new Lookups.TableCreation(name, engine, sortKey, answer.ddl(), run
                    ? "The choice changed since the statement was shown: read this one, then press Create table." : null,
                    false));
            return;
        }
        draft.tableCreation(new Lookups.TableCreation(name, engine, sortKey, answer.ddl(),
                "Created table " + draft.forms().clickHouse().database() + "." + name + ": it is the pipeline's table now.",
                true));
        draft.tables(api.tables(draft.forms().clickHouse(), draft.pipelineId()));
        TableForm form = draft.forms().table();
        draft.forms(draft.forms().with(new TableForm(name, form.maxBatchSize(), form.maxDelay(), List.of(),
                form.allowAtLeastOnce())));
        loadColumns(draft);
    }

    private static List<MappingView> mappingViews(Draft draft) {
        Map<String, String> fieldTypes = new LinkedHashMap<>();
        OutputFields.of(draft.forms()).forEach((field) -> fieldTypes.put(field.name(), field.type()));
        List<MappingView> rows = new ArrayList<>();
        List<MappingRow> mapping = draft.forms().table().mapping();
        for (int i = 0; i < mapping.size(); i++) {
            MappingRow row = mapping.get(i);
            String columnType = draft.columns().stream().filter((c) -> c.name().equals(row.column()))
                    .map(TableColumn::type).findFirst().orElse("");
            String fieldType = fieldTypes.getOrDefault(row.field(), "");
            rows.add(new MappingView(i, row.field(), fieldType, row.column(), columnType,
                    TypeCompatibility.of(fieldType, columnType)));
        }
        return rows;
    }

    private static List<StepLink> steps(Draft draft, Step current) {
        List<StepLink> links = new ArrayList<>();
        Set<Step> withProblems = ReviewProblems.of(draft).stepsWithProblems();
        for (Step step : Step.values()) {
            links.add(new StepLink(step.slug(), step.title(), step.number(), step == current,
                    step.ordinal() < current.ordinal(), withProblems.contains(step)));
        }
        return links;
    }

    private static List<KeyOption> keyOptions(Forms forms) {
        List<KeyOption> options = new ArrayList<>();
        for (SchemaRow row : forms.topic().fields()) {
            if (row.include()) {
                boolean scalar = !row.type().equals("array") && !row.type().equals("object");
                options.add(new KeyOption(row.name(), row.type(), forms.dedup().key().contains(row.name()), scalar));
            }
        }
        return options;
    }


    /**
     * The sample as the filter sees it: the first source's event, or with a join the joined row
     * made of both samples (the fields the user chose, under their output names).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> filterEvent(Draft draft) {
        if (!draft.forms().join().enabled()) {
            return parse(draft.sample());
        }
        var row = JoinPreview.row(draft.forms().topic().sourceId(), draft.sample(), draft.rightSample(), draft.forms().join());
        return row == null ? null : json.convertValue(row, Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(Sample sample) {
        if (sample == null || sample.json() == null) {
            return null;
        }
        try {
            Object value = json.readValue(sample.json(), Object.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The line of the expression holding the error, and a caret under the error's position (from 1). */
    static String caret(String expression, int position) {
        int at = Math.min(Math.max(position - 1, 0), expression.length());
        int start = expression.lastIndexOf('\n', at - 1) + 1;
        int end = expression.indexOf('\n', at);
        String line = expression.substring(start, end < 0 ? expression.length() : end);
        return line + "\n" + " ".repeat(at - start) + "^";
    }

    private String pretty(Map<String, Object> event) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(event);
    }
}
