package io.sluice.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sluice.ingest.IngestFixtures;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.definition.JoinDefinition;
import io.sluice.model.definition.JoinSide;
import io.sluice.model.definition.JoinType;
import io.sluice.model.definition.OutputField;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.SourcePosition;
import org.junit.jupiter.api.Test;

class ReplayRouteTests {

    private static final PipelineDefinition ORDERS = new PipelineDefinition("orders", "orders",
            List.of(IngestFixtures.source("web", "web-orders", "k:9092"), IngestFixtures.source("shop", "shop-orders", "k:9092")),
            null, null, null);

    @Test
    void goesToTheSourceThatReadsTheTopicOfItsPosition() {
        ReplayRoute route = ReplayRoute.of(ORDERS, "shop-orders/2/41", null);

        assertThat(route).isInstanceOfSatisfying(ReplayRoute.ToSource.class, toSource -> {
            assertThat(toSource.source().id()).isEqualTo("shop");
            assertThat(toSource.position()).isEqualTo(new SourcePosition("shop-orders", 2, 41));
        });
    }

    @Test
    void aJoinedRowTheSinkRefusedGoesBackToTheSinksInputAndEverythingElseToItsSource() {
        PipelineDefinition joined = new PipelineDefinition("orders", "orders", ORDERS.sources(),
                new JoinDefinition(JoinType.INNER, new JoinSide("web", List.of("id"), Window.parse("1h")),
                        new JoinSide("shop", List.of("id"), Window.parse("1h")), List.of(new OutputField("web", "id", null))),
                null, null);

        assertThat(ReplayRoute.of(joined, "web-orders/1/9", DeadLetter.SINK)).isEqualTo(
                new ReplayRoute.ToJoinOutput(new SourcePosition("web-orders", 1, 9)));
        assertThat(ReplayRoute.of(joined, "shop-orders/0/3", DeadLetter.JOIN)).isInstanceOf(ReplayRoute.ToSource.class);
        assertThat(ReplayRoute.of(joined, "web-orders/1/9", null)).as("from an api-service that sends no stage")
                .isInstanceOf(ReplayRoute.ToSource.class);
        assertThat(ReplayRoute.of(ORDERS, "web-orders/1/9", DeadLetter.SINK)).as("no join: the source's event")
                .isInstanceOf(ReplayRoute.ToSource.class);
    }

    @Test
    void cannotBeReplayedWithoutASourcePosition() {
        assertThat(ReplayRoute.of(ORDERS, null, null)).isInstanceOfSatisfying(ReplayRoute.Unroutable.class, unroutable -> {
            assertThat(unroutable.reason()).startsWith("cannot replay: the dead letter has no source position");
            assertThat(unroutable.position()).isNull();
        });
        assertThat(ReplayRoute.of(ORDERS, " ", null)).isInstanceOf(ReplayRoute.Unroutable.class);
    }

    @Test
    void cannotBeReplayedWithAnUnreadablePosition() {
        assertThat(ReplayRoute.of(ORDERS, "web-orders/x/1", null)).isInstanceOfSatisfying(ReplayRoute.Unroutable.class,
                unroutable -> assertThat(unroutable.reason()).startsWith("cannot replay: unreadable source position \"web-orders/x/1\""));
    }

    @Test
    void cannotBeReplayedWhenNoSourceReadsItsTopicAnyMore() {
        assertThat(ReplayRoute.of(ORDERS, "old-orders/0/7", null)).isInstanceOfSatisfying(ReplayRoute.Unroutable.class, unroutable -> {
            assertThat(unroutable.reason()).isEqualTo("cannot replay: no source of pipeline orders reads topic old-orders now");
            assertThat(unroutable.position()).isEqualTo(new SourcePosition("old-orders", 0, 7));
        });
    }

    @Test
    void cannotTellWhichSourceWhenTwoReadTheSameTopic() {
        PipelineDefinition twoReaders = new PipelineDefinition("twice", "twice",
                List.of(IngestFixtures.source("a", "events", "k:9092"), IngestFixtures.source("b", "events", "k:9092")),
                null, null, null);

        assertThat(ReplayRoute.of(twoReaders, "events/0/1", null)).isInstanceOfSatisfying(ReplayRoute.Unroutable.class,
                unroutable -> assertThat(unroutable.reason()).contains("sources [a, b] all read topic events"));
    }
}
