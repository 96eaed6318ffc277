package io.sluice.model.nats;

import java.util.ArrayList;
import java.util.List;

import io.sluice.model.Examples;
import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RoutingChangeTests {

    /** One source "orders" with dedup on order_id, a filter, no join. */
    private final PipelineDefinition dedup = PipelineJson.read(Examples.json(Examples.ORDERS_DEDUP));

    /** Sources "orders" (dedup) and "payments" (none) joined, with a filter. */
    private final PipelineDefinition join = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

    @Test
    void anUnchangedDefinitionChangesNoRoute() {
        assertThat(RoutingChange.between(this.dedup, this.dedup)).isEmpty();
        assertThat(RoutingChange.between(this.join, this.join)).isEmpty();
    }

    @Test
    void addingDedupSendsTheSourceThroughTheDedupStage() {
        PipelineDefinition before = withSource(withFilter(this.dedup, null), 0, withDedup(orders(this.dedup), null));

        List<RoutingChange> changes = RoutingChange.between(before, withFilter(this.dedup, null));

        assertThat(changes).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.sources[0].dedup");
            assertThat(change.message()).startsWith("adding dedup to source \"orders\" sends its events through"
                    + " the dedup stage").contains("events already delivered");
        });
    }

    @Test
    void addingOrRemovingDedupWhereAFilterSendsTheSourceThroughTheDedupStageAnywayKeepsTheRoute() {
        // The dedup lanes go on from their positions and claim keys from now on; nothing is read again.
        PipelineDefinition before = withSource(this.dedup, 0, withDedup(orders(this.dedup), null));

        assertThat(RoutingChange.between(before, this.dedup)).isEmpty();
        assertThat(RoutingChange.between(this.dedup, before)).isEmpty();
    }

    @Test
    void removingDedupMakesTheSinkReadTheIngestOutputAndLeavesDedupOutputBehind() {
        PipelineDefinition before = withFilter(this.dedup, null);
        PipelineDefinition after = withSource(before, 0, withDedup(orders(before), null));

        assertThat(RoutingChange.between(before, after)).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.sources[0].dedup");
            assertThat(change.message()).startsWith("removing dedup from source \"orders\"")
                .endsWith("dedup output not yet delivered would be lost");
        });
    }

    @Test
    void addingAFilterSendsASourceWithoutDedupThroughTheDedupStage() {
        PipelineDefinition before = withSource(withFilter(this.dedup, null), 0, withDedup(orders(this.dedup), null));
        PipelineDefinition after = withFilter(before, "amount > 0");

        assertThat(RoutingChange.between(before, after)).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.filter");
            assertThat(change.message()).startsWith("adding a filter sends the events of source \"orders\" (no dedup)"
                    + " through the dedup stage");
        });
    }

    @Test
    void removingTheFilterSendsASourceWithoutDedupStraightToTheSink() {
        PipelineDefinition before = withSource(this.dedup, 0, withDedup(orders(this.dedup), null));
        PipelineDefinition after = withFilter(before, "  ");

        assertThat(RoutingChange.between(before, after)).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.filter");
            assertThat(change.message()).startsWith("removing the filter makes the sink read the ingest output of"
                    + " source \"orders\" (no dedup) directly");
        });
    }

    @Test
    void addingOrRemovingAFilterDoesNotRouteASourceWithDedup() {
        PipelineDefinition unfiltered = withFilter(this.dedup, null);

        assertThat(RoutingChange.between(this.dedup, unfiltered)).isEmpty();
        assertThat(RoutingChange.between(unfiltered, this.dedup)).isEmpty();
    }

    @Test
    void changingTheFilterExpressionIsNoRoutingChange() {
        PipelineDefinition withoutDedup = withSource(this.dedup, 0, withDedup(orders(this.dedup), null));

        assertThat(RoutingChange.between(withoutDedup, withFilter(withoutDedup, "amount > 100"))).isEmpty();
    }

    @Test
    void changingTheDedupWindowOnlyIsNoRoutingChange() {
        DedupDefinition longer = new DedupDefinition(orders(this.dedup).dedup().key(), Window.parse("7d"));

        assertThat(RoutingChange.between(this.dedup, withSource(this.dedup, 0, withDedup(orders(this.dedup), longer))))
            .isEmpty();
    }

    @Test
    void changingTheMappingTableOrBatchingOnlyIsNoRoutingChange() {
        SinkDefinition sink = this.dedup.sink();
        List<ColumnMapping> mapping = new ArrayList<>(sink.mapping());
        mapping.remove(mapping.size() - 1);
        SinkDefinition edited = new SinkDefinition(sink.url(), sink.database(), sink.username(), sink.password(),
                "orders_v2", 1_000, Window.parse("5s"), mapping);
        PipelineDefinition after = new PipelineDefinition(this.dedup.id(), "Renamed", this.dedup.sources(),
                this.dedup.join(), this.dedup.filter(), edited);

        assertThat(RoutingChange.between(this.dedup, after)).isEmpty();
    }

    @Test
    void changingTheDedupKeyIsReportedBecauseOldAndNewKeysShareOneKeySpace() {
        DedupDefinition byCustomer = new DedupDefinition(List.of("customer.id"), orders(this.dedup).dedup().window());
        PipelineDefinition after = withSource(this.dedup, 0, withDedup(orders(this.dedup), byCustomer));

        assertThat(RoutingChange.between(this.dedup, after)).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.sources[0].dedup.key");
            assertThat(change.message()).startsWith("changing the dedup key of source \"orders\" from [order_id] to"
                    + " [customer.id]").contains("would be dropped");
        });
    }

    @Test
    void addingAJoinSendsBothSidesThroughTheJoinStage() {
        PipelineDefinition before = withJoin(this.join, null);

        assertThat(RoutingChange.between(before, this.join)).singleElement().satisfies((change) -> {
            assertThat(change.path()).isEqualTo("$.join");
            assertThat(change.message()).startsWith("adding a join changes where the events of sources \"orders\","
                    + " \"payments\" go");
        });
    }

    @Test
    void removingTheJoinSendsBothSidesToTheSink() {
        assertThat(RoutingChange.between(this.join, withJoin(this.join, null))).extracting(RoutingChange::path,
                (change) -> change.message().substring(0, 17))
            .containsExactly(tuple("$.join", "removing the join"));
    }

    @Test
    void changingTheJoinWindowsOrSwappingItsSidesKeepsTheRoute() {
        JoinDefinition joined = this.join.join();
        JoinDefinition swapped = new JoinDefinition(joined.type(), joined.right(), joined.left(),
                joined.outputFields());

        assertThat(RoutingChange.between(this.join, withJoin(this.join, swapped))).isEmpty();
    }

    @Test
    void aNewOrRemovedSourceIsNoRoutingChangeOfTheOthers() {
        SourceDefinition clicks = new SourceDefinition("clicks", orders(this.dedup).connection(), "clicks", null,
                orders(this.dedup).schema(), null);
        List<SourceDefinition> two = List.of(orders(this.dedup), clicks);
        PipelineDefinition after = new PipelineDefinition(this.dedup.id(), this.dedup.name(), two, null,
                this.dedup.filter(), this.dedup.sink());

        assertThat(RoutingChange.between(this.dedup, after)).isEmpty();
        assertThat(RoutingChange.between(after, this.dedup)).isEmpty();
    }

    @Test
    void aTopicChangeKeepsTheSourcesSubjectsSoItIsNoRoutingChange() {
        SourceDefinition orders = orders(this.dedup);
        SourceDefinition otherTopic = new SourceDefinition(orders.id(), orders.connection(), "orders-v2",
                orders.initialOffset(), orders.schema(), orders.dedup());

        assertThat(RoutingChange.between(this.dedup, withSource(this.dedup, 0, otherTopic))).isEmpty();
    }

    @Test
    void pathsPointIntoTheEditedDefinitionWhoseSourcesMayBeReordered() {
        PipelineDefinition before = withFilter(withJoin(this.join, null), null);
        SourceDefinition payments = before.source("payments");
        DedupDefinition byPayment = new DedupDefinition(List.of("payment_id"), Window.parse("1h"));
        SourceDefinition dedupedPayments = new SourceDefinition(payments.id(), payments.connection(), payments.topic(),
                payments.initialOffset(), payments.schema(), byPayment);
        PipelineDefinition after = new PipelineDefinition(before.id(), before.name(),
                List.of(dedupedPayments, before.source("orders")), null, null, before.sink());

        assertThat(RoutingChange.between(before, after)).extracting(RoutingChange::path)
            .containsExactly("$.sources[0].dedup");
    }

    private static SourceDefinition orders(PipelineDefinition definition) {
        return definition.source("orders");
    }

    private static SourceDefinition withDedup(SourceDefinition source, DedupDefinition dedup) {
        return new SourceDefinition(source.id(), source.connection(), source.topic(), source.initialOffset(), source.schema(),
                dedup);
    }

    private static PipelineDefinition withSource(PipelineDefinition definition, int index, SourceDefinition source) {
        List<SourceDefinition> sources = new ArrayList<>(definition.sources());
        sources.set(index, source);
        return new PipelineDefinition(definition.id(), definition.name(), sources, definition.join(),
                definition.filter(), definition.sink());
    }

    private static PipelineDefinition withFilter(PipelineDefinition definition, String filter) {
        return new PipelineDefinition(definition.id(), definition.name(), definition.sources(), definition.join(),
                filter, definition.sink());
    }

    private static PipelineDefinition withJoin(PipelineDefinition definition,
            JoinDefinition join) {
        return new PipelineDefinition(definition.id(), definition.name(), definition.sources(), join,
                definition.filter(), definition.sink());
    }

}
