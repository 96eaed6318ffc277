package io.sluice.ui.wizard;

import java.io.Serializable;
import java.util.List;

import io.sluice.ui.wizard.ErrorRouting.Location;
import io.sluice.ui.wizard.Lookups.ConnectionCheck;
import io.sluice.ui.wizard.Lookups.Listing;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.Lookups.Tables;
import io.sluice.ui.wizard.WizardForms.Forms;

/**
 * One wizard in progress: the forms filled so far and what was looked up on the servers. Lives in
 * the user's HTTP session under its own id (in every wizard URL), so two browser tabs each edit
 * their own draft. Only the request of its tab touches it.
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

    private String columnsTable;

    private List<TableColumn> columns = List.of();

    private String columnsError;

    private List<Problem> problems = List.of();

    private String problemMessage;

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
}
