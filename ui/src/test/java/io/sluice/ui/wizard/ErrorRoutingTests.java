package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ui.wizard.ErrorRouting.Location;
import org.junit.jupiter.api.Test;

class ErrorRoutingTests {

    @Test
    void sendsTheIdAndNameToTheFirstPage() {
        assertThat(ErrorRouting.route("$.id")).isEqualTo(Location.of(Step.KAFKA, "pipelineId"));
        assertThat(ErrorRouting.route("$.name")).isEqualTo(Location.of(Step.KAFKA, "pipelineName"));
    }

    @Test
    void sendsTheFirstSourcesConnectionToTheKafkaPageWithTheBrokerAtFault() {
        assertThat(ErrorRouting.route("$.sources[0].connection.brokers[1]")).isEqualTo(new Location(Step.KAFKA, "brokers", 1));
        assertThat(ErrorRouting.route("$.sources[0].connection.saslMechanism")).isEqualTo(Location.of(Step.KAFKA, "saslMechanism"));
        assertThat(ErrorRouting.route("$.sources[0].connection")).isEqualTo(Location.of(Step.KAFKA, "brokers"));
    }

    @Test
    void sendsTopicSchemaAndSourceIdToTheTopicPageWithTheSchemaRowAtFault() {
        assertThat(ErrorRouting.route("$.sources[0].topic")).isEqualTo(Location.of(Step.TOPIC, "topic"));
        assertThat(ErrorRouting.route("$.sources[0].id")).isEqualTo(Location.of(Step.TOPIC, "sourceId"));
        assertThat(ErrorRouting.route("$.sources[0].schema.fields[2].type")).isEqualTo(new Location(Step.TOPIC, "fields", 2));
        assertThat(ErrorRouting.route("$.sources[0].schema")).isEqualTo(Location.of(Step.TOPIC, "fields"));
        assertThat(ErrorRouting.route("$.sources")).isEqualTo(Location.of(Step.TOPIC, "general"));
    }

    @Test
    void sendsTheDedupWindowAndKeyToTheDedupPage() {
        assertThat(ErrorRouting.route("$.sources[0].dedup.window")).isEqualTo(Location.of(Step.DEDUP, "window"));
        assertThat(ErrorRouting.route("$.sources[0].dedup.key[0]")).isEqualTo(new Location(Step.DEDUP, "key", 0));
        assertThat(ErrorRouting.route("$.sources[0].dedup.key")).isEqualTo(Location.of(Step.DEDUP, "key"));
    }

    @Test
    void sendsTheSecondSourceAndTheJoinToTheJoinPage() {
        assertThat(ErrorRouting.route("$.sources[1].topic")).isEqualTo(Location.of(Step.JOIN, "topic"));
        assertThat(ErrorRouting.route("$.sources[1].connection.brokers")).isEqualTo(Location.of(Step.JOIN, "brokers"));
        assertThat(ErrorRouting.route("$.sources[1].schema.fields[0].name")).isEqualTo(new Location(Step.JOIN, "fields", 0));
        assertThat(ErrorRouting.route("$.join.left.window")).isEqualTo(Location.of(Step.JOIN, "leftWindow"));
        assertThat(ErrorRouting.route("$.join.right.key[0]")).isEqualTo(new Location(Step.JOIN, "rightKey", 0));
        assertThat(ErrorRouting.route("$.join.outputFields[3].as")).isEqualTo(new Location(Step.JOIN, "outputFields", 3));
        assertThat(ErrorRouting.route("$.join")).isEqualTo(Location.of(Step.JOIN, "general"));
    }

    @Test
    void sendsTheFilterToTheFilterPage() {
        assertThat(ErrorRouting.route("$.filter")).isEqualTo(Location.of(Step.FILTER, "expression"));
    }

    @Test
    void splitsTheSinkBetweenTheConnectionPageAndTheTablePage() {
        assertThat(ErrorRouting.route("$.sink.url")).isEqualTo(Location.of(Step.CLICKHOUSE, "url"));
        assertThat(ErrorRouting.route("$.sink.database")).isEqualTo(Location.of(Step.CLICKHOUSE, "database"));
        assertThat(ErrorRouting.route("$.sink")).isEqualTo(Location.of(Step.CLICKHOUSE, "general"));
        assertThat(ErrorRouting.route("$.sink.table")).isEqualTo(Location.of(Step.TABLE, "table"));
        assertThat(ErrorRouting.route("$.sink.maxBatchSize")).isEqualTo(Location.of(Step.TABLE, "maxBatchSize"));
        assertThat(ErrorRouting.route("$.sink.maxDelay")).isEqualTo(Location.of(Step.TABLE, "maxDelay"));
        assertThat(ErrorRouting.route("$.sink.mapping[4].column")).isEqualTo(new Location(Step.TABLE, "mapping", 4));
    }

    @Test
    void sendsWhatNoPageHasAnInputForToTheReviewPage() {
        assertThat(ErrorRouting.route("$")).isEqualTo(Location.of(Step.REVIEW, "general"));
        assertThat(ErrorRouting.route("$.unknown")).isEqualTo(Location.of(Step.REVIEW, "general"));
        assertThat(ErrorRouting.route("$.sources[1].dedup.window")).isEqualTo(Location.of(Step.REVIEW, "general"));
        assertThat(ErrorRouting.route(null)).isEqualTo(Location.of(Step.REVIEW, "general"));
    }
}
