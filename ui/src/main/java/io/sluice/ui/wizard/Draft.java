package io.sluice.ui.wizard;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import io.sluice.ui.wizard.ErrorRouting.Location;
import io.sluice.ui.wizard.Lookups.ConnectionCheck;
import io.sluice.ui.wizard.Lookups.Listing;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.Lookups.Tables;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;

/**
 * One wizard in progress: the forms filled so far and what was looked up on the servers. Lives in
 * the user's HTTP session under its own id (in every wizard URL), so two browser tabs each edit
 * their own draft. Only the request of its tab touches it.
 *
 * <p>The {@code save} methods take a page's form as it was posted and are where the draft decides
 * what the change makes stale: a lookup made for other settings is dropped, so a page never shows a
 * test result, a list or a sample that no longer fits what the user typed.
 */
final class Draft implements Serializable {

    /** A problem the api-service reported, with where the wizard shows it. */
    record Problem(Location location, String path, String message) implements Serializable {
    }

    private final String id;

    private final String pipelineId;

    private final String etag;

    private Forms forms;

    private ConnectionCheck kafkaCheck;

    private Listing topics;

    private Sample sample;

    private Listing rightTopics;

    private Sample rightSample;

    private FilterPreview.Result filterResult;

    private ConnectionCheck clickHouseCheck;

    private Tables tables;

    private Lookups.TableCreation tableCreation;

    private String columnsTable;

    private List<TableColumn> columns = List.of();

    private String columnsError;

    private List<Problem> problems = List.of();

    private String problemMessage;

    private String savedDefinition;

    private boolean runningWhenLoaded;

    private Step lastStep = Step.KAFKA;

    private boolean touched;

    /**
     * @param pipelineId the pipeline being edited, null for a new one
     * @param etag       its version when it was loaded: the save is refused if it changed meanwhile
     */
    Draft(String id, String pipelineId, String etag, Forms forms) {
        this.id = id;
        this.pipelineId = pipelineId;
        this.etag = etag;
        this.forms = forms;
    }

    String id() {
        return id;
    }

    boolean editing() {
        return pipelineId != null;
    }

    String pipelineId() {
        return pipelineId;
    }

    String etag() {
        return etag;
    }

    /** Where this draft's pages are: {@code /pipelines/new} or {@code /pipelines/orders/edit}. */
    String basePath() {
        return editing() ? "/pipelines/" + pipelineId + "/edit" : "/pipelines/new";
    }

    String url(Step step) {
        return basePath() + "/" + step.slug() + "?draft=" + id;
    }

    Forms forms() {
        return forms;
    }

    void forms(Forms forms) {
        this.forms = forms;
    }

    ConnectionCheck kafkaCheck() {
        return kafkaCheck;
    }

    void kafkaCheck(ConnectionCheck check) {
        this.kafkaCheck = check;
    }

    Listing topics() {
        return topics;
    }

    void topics(Listing topics) {
        this.topics = topics;
    }

    Sample sample() {
        return sample;
    }

    void sample(Sample sample) {
        this.sample = sample;
    }

    Listing rightTopics() {
        return rightTopics;
    }

    void rightTopics(Listing topics) {
        this.rightTopics = topics;
    }

    Sample rightSample() {
        return rightSample;
    }

    void rightSample(Sample sample) {
        this.rightSample = sample;
    }

    FilterPreview.Result filterResult() {
        return filterResult;
    }

    void filterResult(FilterPreview.Result result) {
        this.filterResult = result;
    }

    ConnectionCheck clickHouseCheck() {
        return clickHouseCheck;
    }

    void clickHouseCheck(ConnectionCheck check) {
        this.clickHouseCheck = check;
    }

    /** The table step's "Create table" state; null until the user asks for the statement. */
    Lookups.TableCreation tableCreation() {
        return tableCreation;
    }

    void tableCreation(Lookups.TableCreation creation) {
        this.tableCreation = creation;
    }

    Tables tables() {
        return tables;
    }

    void tables(Tables tables) {
        this.tables = tables;
    }

    /** The table {@link #columns()} belong to. */
    String columnsTable() {
        return columnsTable;
    }

    List<TableColumn> columns() {
        return columns;
    }

    String columnsError() {
        return columnsError;
    }

    void columns(String table, List<TableColumn> columns, String error) {
        this.columnsTable = table;
        this.columns = List.copyOf(columns);
        this.columnsError = error;
    }

    List<Problem> problems() {
        return problems;
    }

    /** Problems of the last deploy; {@code message} is the api-service's summary. */
    void problems(List<Problem> problems, String message) {
        this.problems = List.copyOf(problems);
        this.problemMessage = message;
    }

    String problemMessage() {
        return problemMessage;
    }

    /**
     * Page 1. Another connection makes the test result and the topic list stale. A pipeline being
     * edited keeps its id whatever the page sends: the api-service would refuse another.
     */
    void save(KafkaForm submitted) {
        KafkaForm previous = forms.kafka();
        KafkaForm form = submitted.withPassword(SecretInput.kept(submitted.password(), previous.password()));
        if (editing()) {
            form = form.withPipelineId(pipelineId);
        }
        if (!previous.sameConnection(form)) {
            kafkaCheck = null;
            topics = null;
        }
        forms = forms.with(form);
    }

    /** Page 2. A source id left empty is made from the topic. */
    void save(TopicForm submitted) {
        TopicForm form = submitted;
        if (form.sourceId().isBlank() && !form.topic().isBlank()) {
            form = form.withSourceId(SchemaProposal.sourceId(form.topic()));
        }
        forms = forms.with(form);
    }

    /**
     * The first topic's newest event. The fields follow it; another topic's fields are no guide,
     * so a sample of another topic than the last one replaces them. Null when none could be read:
     * the old sample is no longer shown, and the fields stay as they are.
     */
    void sampled(Sample sample) {
        if (sample == null) {
            this.sample = null;
            return;
        }
        TopicForm topic = forms.topic();
        boolean sameTopic = this.sample == null || this.sample.topic().equals(topic.topic());
        this.sample = sample;
        forms = forms.with(topic.withFields(SchemaProposal.merge(sameTopic ? topic.fields() : List.of(), sample.fields())));
    }

    /** Page 3. Nothing looked up depends on it. */
    void save(DedupForm form) {
        forms = forms.with(form);
    }

    /**
     * Page 4. Another way to reach the second source's cluster makes its topic list stale. A source
     * id left empty is made from the topic, and must differ from the first source's (a self-join).
     */
    void save(JoinForm submitted) {
        JoinForm previous = forms.join();
        JoinForm form = submitted.withPassword(SecretInput.kept(submitted.password(), previous.password()));
        if (!Objects.equals(form.reuseConnection(), previous.reuseConnection())
                || !Objects.equals(form.brokers(), previous.brokers())
                || !Objects.equals(form.securityProtocol(), previous.securityProtocol())) {
            rightTopics = null;
        }
        if (form.sourceId().isBlank() && !form.topic().isBlank()) {
            String proposed = SchemaProposal.sourceId(form.topic());
            form = form.toBuilder().sourceId(proposed.equals(forms.topic().sourceId()) ? proposed + "-2" : proposed)
                    .build();
        }
        join(form);
    }

    /** The second topic's newest event; its fields follow it as {@link #sampled} says for the first. */
    void rightSampled(Sample sample) {
        if (sample == null) {
            this.rightSample = null;
            return;
        }
        JoinForm join = forms.join();
        boolean sameTopic = rightSample == null || rightSample.topic().equals(join.topic());
        this.rightSample = sample;
        join(join.toBuilder().fields(SchemaProposal.merge(sameTopic ? join.fields() : List.of(), sample.fields()))
                .build());
    }

    // The joined row offers every field of both sides, whichever of them changed; choices made for a
    // field are kept.
    private void join(JoinForm form) {
        forms = forms.with(form);
        forms = forms.with(form.toBuilder().outputFields(OutputFields.joinCandidates(forms)).build());
    }

    /** Page 5. The last "try it" was for the expression as it was. */
    void save(FilterForm form) {
        forms = forms.with(form);
        filterResult = null;
    }

    /** Page 6. Any change makes the test result and the table list stale. */
    void save(ClickHouseForm submitted) {
        ClickHouseForm previous = forms.clickHouse();
        ClickHouseForm form = submitted.withPassword(SecretInput.kept(submitted.password(), previous.password()));
        if (!form.equals(previous)) {
            clickHouseCheck = null;
            tables = null;
            tableCreation = null;
        }
        forms = forms.with(form);
    }

    /** Page 7. */
    void save(TableForm form) {
        forms = forms.with(form);
    }

    /** Whether {@link #columns()} were read for another table than the chosen one. */
    boolean columnsStale() {
        return !forms.table().table().equals(columnsTable);
    }

    /**
     * A page was saved: the problems the api-service found on it may be fixed now, so they go.
     * When none is left, neither is the api-service's summary of them.
     */
    void problemsFixedOn(Step step) {
        List<Problem> remaining = problems.stream().filter((p) -> p.location().step() != step).toList();
        if (remaining.isEmpty() && !problems.isEmpty()) {
            problemMessage = null;
        }
        problems = remaining;
    }

    /** The pipeline's definition as saved when the edit began (secrets masked), for the review's list of changes. */
    String savedDefinition() {
        return savedDefinition;
    }

    /** @param running the pipeline ran when the edit began: saving must pause it first */
    void loaded(String definition, boolean running) {
        this.savedDefinition = definition;
        this.runningWhenLoaded = running;
    }

    /** A save was refused because the pipeline runs now: saving must pause it first from here on. */
    void foundRunning() {
        this.runningWhenLoaded = true;
    }

    boolean runningWhenLoaded() {
        return runningWhenLoaded;
    }

    /** The page the user last saw, where "continue" takes them back. */
    Step lastStep() {
        return lastStep;
    }

    void shown(Step step) {
        this.lastStep = step;
    }

    /** Whether the user ever sent a page of it: an untouched new draft is abandoned when another starts. */
    boolean touched() {
        return touched;
    }

    void touch() {
        this.touched = true;
    }
}
