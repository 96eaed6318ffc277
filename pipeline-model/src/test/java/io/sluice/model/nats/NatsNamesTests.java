package io.sluice.model.nats;

import java.util.List;

import io.sluice.model.Examples;
import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NatsNamesTests {

    private final NatsNames names = NatsNames.standard();

    @Test
    void namesThePipelinesDataStreamAndItsSubjects() {
        assertThat(this.names.dataStream("orders-dedup")).isEqualTo("SLUICE_ORDERS_DEDUP");
        assertThat(this.names.dataStreamSubjects("orders-dedup")).containsExactly("sluice.orders-dedup.ingest.>",
                "sluice.orders-dedup.dedup.>", "sluice.orders-dedup.join.>", "sluice.orders-dedup.replay");
        assertThat(this.names.ingestSubject("orders-dedup", "orders", 3)).isEqualTo("sluice.orders-dedup.ingest.orders.3");
        assertThat(this.names.ingestSubjects("orders-dedup", "orders")).isEqualTo("sluice.orders-dedup.ingest.orders.*");
        assertThat(this.names.dedupSubject("orders-dedup", "orders", 0)).isEqualTo("sluice.orders-dedup.dedup.orders.0");
        assertThat(this.names.dedupSubjects("orders-dedup", "orders")).isEqualTo("sluice.orders-dedup.dedup.orders.*");
        assertThat(this.names.joinSubject("orders-dedup", 11, 2)).isEqualTo("sluice.orders-dedup.join.11.2");
        assertThat(this.names.joinShardSubjects("orders-dedup", 11)).isEqualTo("sluice.orders-dedup.join.11.*");
        assertThat(this.names.joinSubjects("orders-dedup")).isEqualTo("sluice.orders-dedup.join.*.*");
    }

    @Test
    void keepsDeadLettersInTheirOwnStream() {
        assertThat(this.names.deadLetterStream("orders-dedup")).isEqualTo("SLUICE_ORDERS_DEDUP_DLQ");
        assertThat(this.names.deadLetterSubject("orders-dedup")).isEqualTo("sluice.orders-dedup.dlq");
        assertThat(this.names.dataStreamSubjects("orders-dedup"))
            .noneMatch((subject) -> matches(subject, this.names.deadLetterSubject("orders-dedup")));
    }

    @Test
    void ringsTheLaneBellOutsideEveryStream() {
        assertThat(this.names.laneBellSubject("orders-dedup")).isEqualTo("sluice.orders-dedup.lanes");
        assertThat(this.names.dataStreamSubjects("orders-dedup"))
            .noneMatch((subject) -> matches(subject, this.names.laneBellSubject("orders-dedup")));
        assertThat(matches(this.names.deadLetterSubjects(), this.names.laneBellSubject("orders-dedup"))).isFalse();
    }

    @Test
    void everyStageOutputFallsInTheDataStream() {
        List<String> streamSubjects = this.names.dataStreamSubjects("p");

        assertThat(List.of(this.names.ingestSubject("p", "s", 0), this.names.dedupSubject("p", "s", 1),
                this.names.joinSubject("p", 2, 0), this.names.replaySubject("p")))
            .allMatch((subject) -> streamSubjects.stream().anyMatch((filter) -> matches(filter, subject)));
    }

    @Test
    void replayedEventsOfASourceReachTheNextStageButNotThePartitionIngestResumesFrom() {
        String replayed = this.names.ingestReplaySubject("orders-dedup", "orders");

        assertThat(replayed).isEqualTo("sluice.orders-dedup.ingest.orders.replay");
        assertThat(matches(this.names.ingestSubjects("orders-dedup", "orders"), replayed)).isTrue();
        assertThat(matches(this.names.dataStreamSubjects("orders-dedup").get(0), replayed)).isTrue();
        assertThat(replayed).isNotEqualTo(this.names.ingestSubject("orders-dedup", "orders", 0));
        assertThat(this.names.replayLedgerBucket()).isEqualTo("sluice-replayed");
    }

    @Test
    void namesTheKeyValueBuckets() {
        assertThat(this.names.definitionsBucket()).isEqualTo("sluice-definitions");
        assertThat(this.names.statusBucket()).isEqualTo("sluice-status");
        assertThat(this.names.dedupLanesBucket()).isEqualTo("sluice-dedup-lanes");
        assertThat(this.names.dedupReplicasBucket()).isEqualTo("sluice-dedup-replicas");
        assertThat(this.names.ingestStartsBucket()).isEqualTo("sluice-ingest-starts");
    }

    @Test
    void tellsIngestSubjectsWhoseLastMessageIngestResumesFromApart() {
        NatsNames prefixed = NatsNames.withPrefix("t1");

        assertThat(this.names.isIngestSubject(this.names.ingestSubject("p", "s", 3))).isTrue();
        assertThat(this.names.isIngestSubject(this.names.ingestSubjects("p", "s"))).isTrue();
        assertThat(prefixed.isIngestSubject(prefixed.ingestSubject("p", "s", 0))).isTrue();
        // Ids that spell a stage do not fool it.
        assertThat(this.names.isIngestSubject(this.names.dedupSubject("ingest", "ingest", 0))).isFalse();
        assertThat(this.names.isIngestSubject(this.names.joinSubject("ingest", 0, 0))).isFalse();
        assertThat(this.names.isIngestSubject(this.names.replaySubject("p"))).isFalse();
        assertThat(this.names.isIngestSubject(prefixed.ingestSubject("p", "s", 0))).isFalse();
    }

    @Test
    void prefixIsAppliedToEveryName() {
        NatsNames prefixed = NatsNames.withPrefix("t123");

        assertThat(prefixed.dataStream("orders")).isEqualTo("T123_SLUICE_ORDERS");
        assertThat(prefixed.deadLetterStream("orders")).isEqualTo("T123_SLUICE_ORDERS_DLQ");
        assertThat(prefixed.dataStreamSubjects("orders")).containsExactly("t123.sluice.orders.ingest.>",
                "t123.sluice.orders.dedup.>", "t123.sluice.orders.join.>", "t123.sluice.orders.replay");
        assertThat(prefixed.replaySubject("orders")).isEqualTo("t123.sluice.orders.replay");
        assertThat(prefixed.ingestSubject("orders", "web", 0)).isEqualTo("t123.sluice.orders.ingest.web.0");
        assertThat(prefixed.dedupSubjects("orders", "web")).isEqualTo("t123.sluice.orders.dedup.web.*");
        assertThat(prefixed.joinSubject("orders", 1, 0)).isEqualTo("t123.sluice.orders.join.1.0");
        assertThat(prefixed.deadLetterSubject("orders")).isEqualTo("t123.sluice.orders.dlq");
        assertThat(prefixed.deadLetterSubjects()).isEqualTo("t123.sluice.*.dlq");
        assertThat(prefixed.definitionsBucket()).isEqualTo("t123-sluice-definitions");
        assertThat(prefixed.statusBucket()).isEqualTo("t123-sluice-status");
    }

    @Test
    void prefixWithADashStillMakesAValidStreamName() {
        assertThat(NatsNames.withPrefix("it-7").dataStream("a-b")).isEqualTo("IT_7_SLUICE_A_B");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a.b", "a b", "a*", "a>", "a/b", "this-prefix-is-far-too-long-for-names" })
    void rejectsPrefixesThatWouldBreakANatsName(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.withPrefix(prefix))
            .withMessageContaining("prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a.b", "a b", "a*", "a>", "a/b", "a\\b", "a\tb" })
    void rejectsIdsThatWouldBreakASubjectOrStreamName(String id) {
        assertThatIllegalArgumentException().isThrownBy(() -> this.names.ingestSubject(id, "s", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> this.names.ingestSubject("p", id, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> this.names.dataStream(id));
    }

    @Test
    void rejectsNegativePartitions() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.names.ingestSubject("p", "s", -1))
            .withMessageContaining("partition");
    }

    @Test
    void batchMessageIdIsPipelineSourceTopicPartitionAndFirstOffset() {
        assertThat(NatsNames.batchMessageId("orders-dedup", "orders", "shop.orders", 3, 1200))
            .isEqualTo("orders-dedup/orders/shop.orders/3/1200");
        assertThat(NatsNames.batchMessageId("orders-dedup", "orders", "shop.orders", 3, 1200))
            .isEqualTo(NatsNames.batchMessageId("orders-dedup", "orders", "shop.orders", 3, 1200));
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.batchMessageId("p", "s", "t", 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.batchMessageId("p/q", "s", "t", 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.batchMessageId("p", "s", "", 0, 1));
    }

    @Test
    void batchMessageIdsOfTheSameOffsetsInAnotherTopicDiffer() {
        // A source edited to read another topic: its first batches must not be dropped as the old topic's.
        assertThat(NatsNames.batchMessageId("p", "s", "clicks-v2", 0, 0))
            .isNotEqualTo(NatsNames.batchMessageId("p", "s", "clicks", 0, 0));
    }

    @Test
    void derivedMessageIdIsTheSameForTheSameInputAndStage() {
        String input = NatsNames.batchMessageId("orders-dedup", "orders", "orders", 3, 1200);

        String dedup = NatsNames.derivedMessageId(input, "dedup");

        assertThat(dedup).isEqualTo("dedup:orders-dedup/orders/orders/3/1200");
        assertThat(NatsNames.derivedMessageId(input, "dedup")).isEqualTo(dedup);
        assertThat(NatsNames.derivedMessageId(input, "join")).isNotEqualTo(dedup);
        assertThat(NatsNames.derivedMessageId(dedup, "join")).isEqualTo("join:dedup:orders-dedup/orders/orders/3/1200");
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.derivedMessageId(input, "De:dup"));
        assertThatIllegalArgumentException().isThrownBy(() -> NatsNames.derivedMessageId("", "dedup"));
    }

    @Test
    void sinkReadsTheLastStageOfEachSource() {
        PipelineDefinition dedupOnly = PipelineJson.read(Examples.json(Examples.ORDERS_DEDUP));
        PipelineDefinition joined = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));

        assertThat(this.names.sinkInputSubjects(dedupOnly)).containsExactly("sluice.orders-dedup.dedup.orders.*");
        assertThat(this.names.sinkInputSubjects(joined)).containsExactly("sluice.orders-payments.join.*.*");
        assertThat(this.names.sourceOutputSubjects(joined, joined.source("orders")))
            .isEqualTo("sluice.orders-payments.dedup.orders.*");
        assertThat(this.names.sourceOutputSubjects(joined, joined.source("payments")))
            .isEqualTo("sluice.orders-payments.ingest.payments.*");
    }

    @Test
    void aFilterWithoutAJoinRoutesEverySourceThroughTheDedupStage() {
        PipelineDefinition joined = PipelineJson.read(Examples.json(Examples.ORDERS_PAYMENTS_JOIN));
        PipelineDefinition unjoined = new PipelineDefinition(joined.id(), joined.name(), joined.sources(), null,
                "amount > 0", joined.sink());

        assertThat(this.names.sourceOutputSubjects(unjoined, unjoined.source("payments")))
            .isEqualTo("sluice.orders-payments.dedup.payments.*");
    }

    @Test
    void anEmptyConfiguredPrefixMeansTheStandardNames() {
        assertThat(NatsNames.forConfiguredPrefix("").definitionsBucket()).isEqualTo("sluice-definitions");
        assertThat(NatsNames.forConfiguredPrefix(null).definitionsBucket()).isEqualTo("sluice-definitions");
        assertThat(NatsNames.forConfiguredPrefix("t1").definitionsBucket()).isEqualTo("t1-sluice-definitions");
    }

    /** NATS subject matching: '*' one token, '>' one or more trailing tokens. */
    private static boolean matches(String filter, String subject) {
        String[] filterTokens = filter.split("\\.");
        String[] subjectTokens = subject.split("\\.");
        for (int i = 0; i < filterTokens.length; i++) {
            if (filterTokens[i].equals(">")) {
                return subjectTokens.length > i;
            }
            if (i >= subjectTokens.length || !(filterTokens[i].equals("*") || filterTokens[i].equals(subjectTokens[i]))) {
                return false;
            }
        }
        return filterTokens.length == subjectTokens.length;
    }

}
