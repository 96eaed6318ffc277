package io.sluice.model.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.model.Examples;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import io.sluice.model.definition.SourceDefinition;
import org.junit.jupiter.api.Test;

class RoutingTests {

    /** One source "orders" with dedup on order_id, a filter, no join. */
    private final PipelineDefinition dedup = PipelineJson.read(Examples.json(Examples.ORDERS_DEDUP));

    /** Sources "orders" (dedup) and "payments" (none) joined, with a filter. */
    private final PipelineDefinition join = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

    @Test
    void aSourceWithoutDedupOrFilterGoesFromIngestStraightToTheSink() {
        PipelineDefinition plain = plain(this.dedup);

        assertThat(Routing.throughDedup(plain, plain.source("orders"))).isFalse();
        assertThat(Routing.stages(plain, plain.source("orders"))).containsExactly("ingest", "sink");
    }

    @Test
    void aSourceWithDedupPassesTheDedupStage() {
        assertThat(Routing.stages(this.dedup, this.dedup.source("orders"))).containsExactly("ingest", "dedup", "sink");
        assertThat(Routing.stages(this.join, this.join.source("orders"))).containsExactly("ingest", "dedup", "join", "sink");
    }

    @Test
    void aFilterWithoutAJoinSendsEverySourceThroughTheDedupStage() {
        PipelineDefinition unjoined = new PipelineDefinition(this.join.id(), this.join.name(), this.join.sources(), null,
                "amount > 0", this.join.sink());

        assertThat(Routing.throughDedup(unjoined, unjoined.source("payments"))).isTrue();
    }

    @Test
    void withAJoinTheFilterIsTheJoinStagesSoASourceWithoutDedupSkipsTheDedupStage() {
        assertThat(Routing.throughDedup(this.join, this.join.source("payments"))).isFalse();
        assertThat(Routing.stages(this.join, this.join.source("payments"))).containsExactly("ingest", "join", "sink");
    }

    @Test
    void aSourceTheJoinDoesNotReadEndsAfterItsOwnStages() {
        SourceDefinition orders = this.join.source("orders");
        SourceDefinition unread = new SourceDefinition("audit", orders.connection(), orders.topic(), orders.initialOffset(),
                orders.schema(), null);
        PipelineDefinition withUnread = new PipelineDefinition(this.join.id(), this.join.name(),
                List.of(orders, this.join.source("payments"), unread), this.join.join(), this.join.filter(),
                this.join.sink());

        assertThat(Routing.stages(withUnread, unread)).containsExactly("ingest");
    }

    private static PipelineDefinition plain(PipelineDefinition definition) {
        SourceDefinition orders = definition.source("orders");
        SourceDefinition withoutDedup = new SourceDefinition(orders.id(), orders.connection(), orders.topic(),
                orders.initialOffset(), orders.schema(), null);
        return new PipelineDefinition(definition.id(), definition.name(), List.of(withoutDedup), null, null,
                definition.sink());
    }
}
