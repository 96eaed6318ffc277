package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import io.sluice.ui.wizard.Draft.Problem;
import io.sluice.ui.wizard.ErrorRouting.Location;
import io.sluice.ui.wizard.Lookups.ConnectionCheck;
import io.sluice.ui.wizard.Lookups.Listing;
import io.sluice.ui.wizard.Lookups.Sample;
import io.sluice.ui.wizard.Lookups.SampleField;
import io.sluice.ui.wizard.Lookups.Table;
import io.sluice.ui.wizard.Lookups.Tables;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import org.junit.jupiter.api.Test;

class DraftTests {

    private static final ConnectionCheck CONNECTED = new ConnectionCheck(true, "Connected.");

    private static final Listing TOPICS = new Listing(List.of("orders", "payments"), null);

    private final Draft draft = new Draft("d1", null, null, Forms.empty());

    @Test
    void changingTheKafkaBrokersDropsTheTestResultAndTheTopicList() {
        draft.save(kafka("orders", "k1:9092", "secret"));
        draft.kafkaCheck(CONNECTED);
        draft.topics(TOPICS);

        draft.save(kafka("orders", "k2:9092", "secret"));

        assertThat(draft.kafkaCheck()).isNull();
        assertThat(draft.topics()).isNull();
    }

    @Test
    void renamingThePipelineKeepsTheTestResultAndTheTopicList() {
        draft.save(kafka("orders", "k1:9092", "secret"));
        draft.kafkaCheck(CONNECTED);
        draft.topics(TOPICS);

        draft.save(kafka("orders-eu", "k1:9092", "secret"));

        assertThat(draft.kafkaCheck()).isEqualTo(CONNECTED);
        assertThat(draft.topics()).isEqualTo(TOPICS);
        assertThat(draft.forms().kafka().pipelineId()).isEqualTo("orders-eu");
    }

    @Test
    void aMaskedKafkaPasswordKeepsTheTypedOneAndTheConnection() {
        draft.save(kafka("orders", "k1:9092", "secret"));
        draft.kafkaCheck(CONNECTED);

        draft.save(kafka("orders", "k1:9092", SecretInput.MASK));

        assertThat(draft.forms().kafka().password()).isEqualTo("secret");
        assertThat(draft.kafkaCheck()).isEqualTo(CONNECTED);
    }

    @Test
    void anEditedPipelineKeepsItsIdWhateverThePageSends() {
        Draft editing = new Draft("d2", "orders", "\"3\"", Forms.empty());

        editing.save(kafka("renamed", "k1:9092", ""));

        assertThat(editing.forms().kafka().pipelineId()).isEqualTo("orders");
    }

    @Test
    void anEmptySourceIdIsMadeFromTheTopic() {
        draft.save(new TopicForm("", "Orders.EU", "earliest", List.of()));

        assertThat(draft.forms().topic().sourceId()).isEqualTo("orders-eu");
    }

    @Test
    void aSampleOfTheSameTopicKeepsTheUsersFieldsAndAddsTheSampledOnes() {
        draft.save(new TopicForm("orders", "orders", "earliest", List.of(new SchemaRow(true, "order_id", "int"))));
        draft.sampled(sample("orders", "order_id", "amount"));
        draft.save(new TopicForm("orders", "orders", "earliest", List.of(new SchemaRow(true, "order_id", "int"),
                new SchemaRow(false, "amount", "int"))));

        draft.sampled(sample("orders", "order_id", "amount"));

        assertThat(draft.forms().topic().fields()).containsExactly(new SchemaRow(true, "order_id", "int"),
                new SchemaRow(false, "amount", "int"));
    }

    @Test
    void aSampleOfAnotherTopicReplacesTheFields() {
        draft.save(new TopicForm("orders", "orders", "earliest", List.of()));
        draft.sampled(sample("orders", "order_id", "amount"));
        draft.save(new TopicForm("orders", "refunds", "earliest", draft.forms().topic().fields()));

        draft.sampled(sample("refunds", "refund_id", "amount"));

        assertThat(draft.forms().topic().fields()).extracting(SchemaRow::name).containsExactly("refund_id", "amount");
        assertThat(draft.sample().topic()).isEqualTo("refunds");
    }

    @Test
    void aSampleThatCouldNotBeReadHidesTheOldOneAndKeepsTheFields() {
        draft.save(new TopicForm("orders", "orders", "earliest", List.of()));
        draft.sampled(sample("orders", "order_id"));

        draft.sampled(null);

        assertThat(draft.sample()).isNull();
        assertThat(draft.forms().topic().fields()).extracting(SchemaRow::name).containsExactly("order_id");
    }

    @Test
    void changingTheSecondSourcesBrokersDropsItsTopicList() {
        draft.save(JoinForm.builder().enabled(true).reuseConnection(false).brokers("k1:9092").build());
        draft.rightTopics(TOPICS);

        draft.save(JoinForm.builder().enabled(true).reuseConnection(false).brokers("k2:9092").build());

        assertThat(draft.rightTopics()).isNull();
    }

    @Test
    void changingTheJoinKeysKeepsTheSecondSourcesTopicList() {
        draft.save(JoinForm.builder().enabled(true).leftKey("order_id").build());
        draft.rightTopics(TOPICS);

        draft.save(JoinForm.builder().enabled(true).leftKey("id").build());

        assertThat(draft.rightTopics()).isEqualTo(TOPICS);
    }

    @Test
    void aSecondSourceOnTheFirstSourcesTopicGetsAnotherSourceId() {
        draft.save(new TopicForm("orders", "orders", "earliest", List.of()));

        draft.save(JoinForm.builder().enabled(true).topic("orders").build());

        assertThat(draft.forms().join().sourceId()).isEqualTo("orders-2");
    }

    @Test
    void theJoinedRowOffersTheFieldsOfBothSidesAndKeepsTheChoicesMade() {
        draft.save(new TopicForm("orders", "orders", "earliest", List.of(new SchemaRow(true, "order_id", "string"))));
        draft.save(JoinForm.builder().enabled(true).sourceId("payments").topic("payments")
                .outputFields(List.of(new OutputRow(true, "left", "order_id", "id"))).build());

        draft.rightSampled(sample("payments", "order_id", "paid"));

        assertThat(draft.forms().join().outputFields()).containsExactly(new OutputRow(true, "left", "order_id", "id"),
                new OutputRow(true, "right", "order_id", "payments_order_id"), new OutputRow(true, "right", "paid", ""));
    }

    @Test
    void savingTheFilterDropsTheLastTry() {
        draft.filterResult(FilterPreview.run("amount > 0", null, List.of("amount")));

        draft.save(new FilterForm("amount > 1"));

        assertThat(draft.filterResult()).isNull();
    }

    @Test
    void changingTheClickHouseDatabaseDropsTheTestResultAndTheTableList() {
        draft.save(new ClickHouseForm("http://ch:8123", "default", "default", "pw"));
        draft.clickHouseCheck(CONNECTED);
        draft.tables(new Tables(List.of(new Table("orders", "MergeTree")), null));

        draft.save(new ClickHouseForm("http://ch:8123", "analytics", "default", SecretInput.MASK));

        assertThat(draft.clickHouseCheck()).isNull();
        assertThat(draft.tables()).isNull();
        assertThat(draft.forms().clickHouse().password()).isEqualTo("pw");
    }

    @Test
    void changingTheClickHouseDatabaseDropsTheCreateTableStatementShownForTheOldOne() {
        draft.save(new ClickHouseForm("http://ch:8123", "default", "default", "pw"));
        draft.tableCreation(new Lookups.TableCreation("orders", "MergeTree", List.of(), "CREATE TABLE `default`.`orders`",
                null, false));

        draft.save(new ClickHouseForm("http://ch:8123", "analytics", "default", SecretInput.MASK));

        assertThat(draft.tableCreation()).isNull();
    }

    @Test
    void resavingTheSameClickHouseConnectionKeepsTheTestResult() {
        draft.save(new ClickHouseForm("http://ch:8123", "default", "default", "pw"));
        draft.clickHouseCheck(CONNECTED);

        draft.save(new ClickHouseForm("http://ch:8123", "default", "default", SecretInput.MASK));

        assertThat(draft.clickHouseCheck()).isEqualTo(CONNECTED);
    }

    @Test
    void choosingAnotherTableMakesTheColumnsStale() {
        draft.save(new TableForm("orders", "100", "1s", List.of(), false));
        draft.columns("orders", List.of(new TableColumn("order_id", "String")), null);
        assertThat(draft.columnsStale()).isFalse();

        draft.save(new TableForm("refunds", "100", "1s", List.of(), false));

        assertThat(draft.columnsStale()).isTrue();
    }

    @Test
    void savingAPageDropsItsProblemsAndKeepsTheOthersPages() {
        Problem window = new Problem(Location.of(Step.DEDUP, "window"), "$.sources[0].dedup.window", "must be positive");
        Problem delay = new Problem(Location.of(Step.TABLE, "maxDelay"), "$.sink.maxDelay", "too long");
        draft.problems(List.of(window, delay), "Edit would re-deliver or lose events.");

        draft.problemsFixedOn(Step.DEDUP);

        assertThat(draft.problems()).containsExactly(delay);
        assertThat(draft.problemMessage()).isEqualTo("Edit would re-deliver or lose events.");
    }

    @Test
    void savingThePageOfTheLastProblemDropsTheSummaryToo() {
        draft.problems(List.of(new Problem(Location.of(Step.DEDUP, "window"), "$.sources[0].dedup.window", "x")),
                "Edit would re-deliver or lose events.");

        draft.problemsFixedOn(Step.DEDUP);

        assertThat(draft.problems()).isEmpty();
        assertThat(draft.problemMessage()).isNull();
    }

    private static KafkaForm kafka(String id, String brokers, String password) {
        return new KafkaForm(id, "Orders", brokers, "SASL_SSL", "PLAIN", "sluice", password, "", false);
    }

    private static Sample sample(String topic, String... fields) {
        return new Sample(topic, 0, 1, "t", null, "{}", "{}", null,
                Arrays.stream(fields).map((f) -> new SampleField(f, "string")).toList());
    }
}
