package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.validation.PipelineValidator;
import io.sluice.ui.wizard.WizardForms.ClickHouseForm;
import io.sluice.ui.wizard.WizardForms.DedupForm;
import io.sluice.ui.wizard.WizardForms.FilterForm;
import io.sluice.ui.wizard.WizardForms.Forms;
import io.sluice.ui.wizard.WizardForms.JoinForm;
import io.sluice.ui.wizard.WizardForms.KafkaForm;
import io.sluice.ui.wizard.WizardForms.MappingRow;
import io.sluice.ui.wizard.WizardForms.OutputRow;
import io.sluice.ui.wizard.WizardForms.SchemaRow;
import io.sluice.ui.wizard.WizardForms.TableForm;
import io.sluice.ui.wizard.WizardForms.TopicForm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DefinitionAssemblerTests {

    private static final List<TableColumn> COLUMNS = List.of(new TableColumn("order_id", "String"),
            new TableColumn("customer_id", "UInt64"));

    private static Forms dedupPipeline() {
        return new Forms(
                new KafkaForm("orders-dedup", "Orders", "k1:9092, k2:9092", "SASL_SSL", "SCRAM-SHA-512", "sluice",
                        " secret ", "", false),
                new TopicForm("orders", "orders", "latest", List.of(new SchemaRow(true, "order_id", "string"),
                        new SchemaRow(true, "customer.id", "int"), new SchemaRow(false, "note", ""))),
                new DedupForm(true, List.of("order_id"), "1h"),
                JoinForm.empty(),
                new FilterForm("customer.id > 0"),
                new ClickHouseForm("http://ch:8123", "default", "default", "pw"),
                new TableForm("orders", "5000", "2s", List.of(new MappingRow("order_id", "order_id"),
                        new MappingRow("customer.id", "customer_id")), false));
    }

    @Test
    void buildsADefinitionThePipelineModelReadsAndFindsValid() {
        ObjectNode json = DefinitionAssembler.assemble(dedupPipeline(), COLUMNS);

        PipelineDefinition definition = PipelineJson.read(json.toString());
        assertThat(PipelineValidator.validate(definition)).isEmpty();
        assertThat(definition.sources().get(0).connection().brokers()).containsExactly("k1:9092", "k2:9092");
        assertThat(definition.sources().get(0).connection().password()).as("secrets as typed").isEqualTo(" secret ");
        assertThat(definition.sources().get(0).schema().fields()).extracting("name").containsExactly("order_id", "customer.id");
        assertThat(definition.sources().get(0).dedup().window().text()).isEqualTo("1h");
        assertThat(definition.sink().mapping().get(1).columnType()).isEqualTo("UInt64");
        assertThat(definition.sink().maxBatchSize()).isEqualTo(5000);
    }

    @Test
    void sendsWhatTheUserTypedForTheApiServiceToJudge() {
        Forms forms = dedupPipeline().with(new DedupForm(true, List.of("order_id"), "-5m"))
                .with(new TableForm("", "lots", "1s", List.of(), false));

        ObjectNode json = DefinitionAssembler.assemble(forms, COLUMNS);

        assertThat(json.at("/sources/0/dedup/window").asString()).isEqualTo("-5m");
        assertThat(json.at("/sink/maxBatchSize").asString()).isEqualTo("lots");
        assertThat(json.at("/sink").has("table")).as("blank is left out: \"is required\"").isFalse();
    }

    @Test
    void leavesOutDedupFilterAndSaslWhenNotChosen() {
        Forms forms = dedupPipeline().with(new DedupForm(false, List.of("order_id"), "1h")).with(new FilterForm(" "))
                .with(new KafkaForm("x", "x", "k:9092", "PLAINTEXT", "PLAIN", "u", "p", "", false));

        ObjectNode json = DefinitionAssembler.assemble(forms, COLUMNS);

        assertThat(json.at("/sources/0").has("dedup")).isFalse();
        assertThat(json.has("filter")).isFalse();
        assertThat(json.at("/sources/0/connection").has("password")).isFalse();
    }

    @Test
    void masksEverySecretForTheReviewPage() {
        ObjectNode masked = DefinitionAssembler.masked(DefinitionAssembler.assemble(dedupPipeline(), COLUMNS));

        assertThat(masked.at("/sources/0/connection/password").asString()).isEqualTo("********");
        assertThat(masked.at("/sink/password").asString()).isEqualTo("********");
        assertThat(masked.toString()).doesNotContain("secret", "\"pw\"");
    }

    @Test
    void joinsASecondSourceReusingTheFirstConnection() {
        Forms forms = dedupPipeline().with(JoinForm.builder().enabled(true).sourceId("payments").topic("payments")
                .fields(List.of(new SchemaRow(true, "order_id", "string"), new SchemaRow(true, "paid", "bool")))
                .leftKey("order_id").rightKey("order_id").leftWindow("5m").rightWindow("10m")
                .outputFields(List.of(new OutputRow(true, "left", "order_id", ""),
                        new OutputRow(true, "left", "customer.id", ""), new OutputRow(true, "right", "paid", ""),
                        new OutputRow(false, "right", "order_id", "payments_order_id")))
                .type("left").build())
                .with(new TableForm("orders", "100", "1s", List.of(new MappingRow("order_id", "order_id")), false));

        PipelineDefinition definition = PipelineJson.read(DefinitionAssembler.assemble(forms, COLUMNS).toString());

        assertThat(PipelineValidator.validate(definition)).isEmpty();
        assertThat(definition.sources().get(1).connection()).isEqualTo(definition.sources().get(0).connection());
        assertThat(definition.join().right().window().text()).isEqualTo("10m");
        assertThat(definition.join().type()).isEqualTo(io.sluice.model.definition.JoinType.LEFT);
        assertThat(definition.join().outputFields()).extracting("sourceId", "field")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", "order_id"),
                        org.assertj.core.groups.Tuple.tuple("orders", "customer.id"),
                        org.assertj.core.groups.Tuple.tuple("payments", "paid"));
    }

    @Test
    void loadingAStoredDefinitionGivesBackTheForms() {
        Forms forms = dedupPipeline();
        PipelineDefinition stored = PipelineJson.read(DefinitionAssembler.assemble(forms, COLUMNS).toString())
                .withSecretsMasked();

        Forms loaded = DefinitionLoader.forms(stored);

        assertThat(loaded.kafka().password()).as("kept masked: the API keeps the stored one").isEqualTo("********");
        assertThat(loaded.kafka().brokers()).isEqualTo("k1:9092, k2:9092");
        assertThat(loaded.topic().fields()).containsExactly(new SchemaRow(true, "order_id", "string"),
                new SchemaRow(true, "customer.id", "int"));
        assertThat(loaded.dedup()).isEqualTo(forms.dedup());
        assertThat(loaded.filter()).isEqualTo(forms.filter());
        assertThat(loaded.table()).isEqualTo(forms.table());
        assertThat(DefinitionLoader.mappedColumns(stored)).containsExactlyElementsOf(COLUMNS);
    }

    @Test
    void editingAPipelineThatAcceptsAtLeastOnceKeepsItsConsent() {
        PipelineDefinition stored = PipelineJson.read(DefinitionAssembler.assemble(dedupPipeline(), COLUMNS).toString()
                .replace("\"mapping\"", "\"allowAtLeastOnce\":true,\"mapping\""));
        assertThat(stored.sink().allowAtLeastOnce()).as("the stored definition consents").isTrue();

        ObjectNode saved = DefinitionAssembler.assemble(DefinitionLoader.forms(stored.withSecretsMasked()), COLUMNS);

        assertThat(saved.at("/sink/allowAtLeastOnce").isBoolean()).as("sent as a JSON boolean").isTrue();
        assertThat(saved.at("/sink/allowAtLeastOnce").asBoolean()).isTrue();
    }

    @Test
    void insistsOnExactlyOnceUnlessTheBoxIsTicked() {
        assertThat(TableForm.empty().allowAtLeastOnce()).as("off by default").isFalse();
        assertThat(new TableForm("orders", "1", "1s", List.of(), null).allowAtLeastOnce())
                .as("an unticked box sends nothing").isFalse();

        ObjectNode json = DefinitionAssembler.assemble(dedupPipeline(), COLUMNS);

        assertThat(json.at("/sink").has("allowAtLeastOnce")).as("left out, as the pipeline model writes it").isFalse();
        assertThat(PipelineJson.read(json.toString()).sink().allowAtLeastOnce()).isFalse();
    }

    @Test
    void aTickedBoxPutsTrueInTheSink() {
        Forms forms = dedupPipeline().with(new TableForm("orders", "5000", "2s", List.of(new MappingRow("order_id", "order_id")), true));

        ObjectNode json = DefinitionAssembler.assemble(forms, COLUMNS);

        assertThat(json.at("/sink/allowAtLeastOnce").isBoolean()).isTrue();
        assertThat(json.at("/sink/allowAtLeastOnce").asBoolean()).isTrue();
        PipelineDefinition definition = PipelineJson.read(json.toString());
        assertThat(PipelineValidator.validate(definition)).isEmpty();
        assertThat(definition.sink().allowAtLeastOnce()).isTrue();
    }

    @Test
    void untickingTheBoxOfALoadedPipelineTakesTheConsentAway() {
        Forms ticked = dedupPipeline().with(new TableForm("orders", "5000", "2s",
                List.of(new MappingRow("order_id", "order_id")), true));
        PipelineDefinition stored = PipelineJson.read(DefinitionAssembler.assemble(ticked, COLUMNS).toString());
        TableForm loaded = DefinitionLoader.forms(stored).table();
        assertThat(loaded.allowAtLeastOnce()).isTrue();

        Forms unticked = DefinitionLoader.forms(stored).with(new TableForm(loaded.table(), loaded.maxBatchSize(),
                loaded.maxDelay(), loaded.mapping(), null));

        assertThat(DefinitionAssembler.assemble(unticked, COLUMNS).at("/sink").has("allowAtLeastOnce")).isFalse();
    }

    @Test
    void aNewMappingKeepsTheConsent() {
        TableForm ticked = new TableForm("orders", "5000", "2s", List.of(), true);

        assertThat(ticked.withMapping(List.of(new MappingRow("order_id", "order_id"))).allowAtLeastOnce()).isTrue();
    }
}
