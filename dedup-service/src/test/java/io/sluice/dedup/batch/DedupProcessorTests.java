package io.sluice.dedup.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.sluice.model.definition.DedupDefinition;
import io.sluice.model.definition.SourceDefinition;
import io.sluice.model.definition.Window;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.filter.Filter;
import org.junit.jupiter.api.Test;

class DedupProcessorTests {

    private static final SourceDefinition ORDERS = new SourceDefinition("web", null, "orders", null, null,
            new DedupDefinition(List.of("order.id"), Window.parse("5m")));

    private final InMemoryDedupStore store = new InMemoryDedupStore();

    private final DedupProcessor processor = new DedupProcessor(this.store);

    @Test
    void firstOfEachKeyPassesInInputOrderAndLaterOnesAreCountedAsDuplicates() {
        Batch input = batch(2, record(10, "{\"order\":{\"id\":\"a\"},\"v\":1}"), record(11, "{\"order\":{\"id\":\"b\"},\"v\":1}"),
                record(12, "{\"order\":{\"id\":\"a\"},\"v\":2}"), record(13, "{\"order\":{\"id\":\"c\"},\"v\":1}"));

        DedupResult result = process(input, null);

        assertThat(result.passed().records()).extracting(BatchRecord::offset).containsExactly(10L, 11L, 13L);
        assertThat(result.passed().sourceTopic()).isEqualTo("orders");
        assertThat(result.passed().partition()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.filtered()).isZero();
        assertThat(result.deadLetters()).isEmpty();
        assertThat(this.store.calls).isEqualTo(1);
        assertThat(this.store.lastWindow).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void passedRecordsAreTheInputRecordsUnchanged() {
        BatchRecord record = new BatchRecord(7, 1_700_000_000_000L, null, json("{\"order\":{\"id\":1}}"));

        DedupResult result = process(new Batch("orders", 0, List.of(record)), null);

        assertThat(result.passed().records()).containsExactly(record);
        assertThat(result.passed().position(0)).isEqualTo(new SourcePosition("orders", 0, 7));
    }

    @Test
    void outputMessageIdDerivesFromTheInputs() {
        DedupResult result = this.processor.process(batch(0, record(1, "{\"order\":{\"id\":1}}")), "orders/web/0/1", "orders",
                ORDERS, null);

        assertThat(result.outputMessageId()).isEqualTo("dedup:orders/web/0/1");
    }

    @Test
    void redeliveredBatchPassesExactlyTheSameRecordsAgain() {
        Batch input = batch(0, record(1, "{\"order\":{\"id\":\"a\"}}"), record(2, "{\"order\":{\"id\":\"a\"}}"),
                record(3, "{\"order\":{\"id\":\"b\"}}"));

        DedupResult first = process(input, null);
        DedupResult redelivered = process(input, null);

        assertThat(redelivered.passed()).isEqualTo(first.passed());
        assertThat(redelivered.duplicates()).isEqualTo(first.duplicates()).isEqualTo(1);
    }

    @Test
    void sameKeyInALaterBatchIsADuplicate() {
        process(batch(0, record(1, "{\"order\":{\"id\":\"a\"}}")), null);

        DedupResult later = process(batch(1, record(1, "{\"order\":{\"id\":\"a\"}}")), null);

        assertThat(later.passed().records()).isEmpty();
        assertThat(later.hasOutput()).isFalse();
        assertThat(later.duplicates()).isEqualTo(1);
    }

    @Test
    void recordsNotMatchingTheFilterAreDroppedBeforeDedupAndCountedAsFiltered() {
        Filter filter = Filter.parse("country == 'NL'");
        Batch input = batch(0, record(1, "{\"order\":{\"id\":\"a\"},\"country\":\"DE\"}"),
                record(2, "{\"order\":{\"id\":\"a\"},\"country\":\"NL\"}"),
                record(3, "{\"order\":{\"id\":\"a\"},\"country\":\"NL\"}"));

        DedupResult result = process(input, filter);

        // The filtered-out record did not claim the key, so the first matching one is first.
        assertThat(result.passed().records()).extracting(BatchRecord::offset).containsExactly(2L);
        assertThat(result.filtered()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(1);
    }

    @Test
    void filteredRecordWithoutKeyIsNotADeadLetter() {
        DedupResult result = process(batch(0, record(1, "{\"country\":\"DE\"}")), Filter.parse("country == 'NL'"));

        assertThat(result.filtered()).isEqualTo(1);
        assertThat(result.deadLetters()).isEmpty();
        assertThat(this.store.calls).isZero();
    }

    @Test
    void recordsThatCannotBeHandledBecomeDeadLettersWithReasonAndBytesWhileTheRestFlowsOn() {
        byte[] missing = json("{\"order\":{\"total\":3}}");
        byte[] notJson = json("{\"order\":");
        byte[] objectKey = json("{\"order\":{\"id\":{\"x\":1}}}");
        Batch input = new Batch("orders", 4, List.of(new BatchRecord(20, 0, null, missing),
                new BatchRecord(21, 0, null, json("{\"order\":{\"id\":\"ok\"}}")), new BatchRecord(22, 0, null, notJson),
                new BatchRecord(23, 0, null, objectKey)));

        DedupResult result = process(input, null);

        assertThat(result.passed().records()).extracting(BatchRecord::offset).containsExactly(21L);
        assertThat(result.deadLetters()).extracting(DeadLetterCandidate::position)
            .containsExactly(new SourcePosition("orders", 4, 20), new SourcePosition("orders", 4, 22),
                    new SourcePosition("orders", 4, 23));
        assertThat(result.deadLetters().get(0).reason()).isEqualTo("missing key field order.id");
        assertThat(result.deadLetters().get(0).original()).isSameAs(missing);
        assertThat(result.deadLetters().get(1).reason()).startsWith("invalid JSON: ");
        assertThat(result.deadLetters().get(2).reason())
            .isEqualTo("key field order.id is object, a key field must be a string, number or bool");
        assertThat(result.duplicates()).isZero();
    }

    @Test
    void invalidJsonIsADeadLetterWhenAFilterMustReadIt() {
        DedupResult result = process(batch(0, new BatchRecord(1, 0, key("a"), json("not json"))), Filter.parse("x exists"));

        assertThat(result.deadLetters()).singleElement().extracting(DeadLetterCandidate::reason)
            .asString().startsWith("invalid JSON: ");
    }

    @Test
    void keyComputedByIngestIsUsedWithoutReadingTheJson() {
        // Ingest's key wins over the JSON: these records share a key although their order ids differ,
        // and the unreadable JSON is never parsed.
        Batch input = batch(0, new BatchRecord(1, 0, key("same"), json("{\"order\":{\"id\":\"x\"}}")),
                new BatchRecord(2, 0, key("same"), json("not even json")));

        DedupResult result = process(input, null);

        assertThat(result.passed().records()).extracting(BatchRecord::offset).containsExactly(1L);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void sourceWithoutDedupIsOnlyFiltered() {
        SourceDefinition plain = new SourceDefinition("app", null, "orders", null, null, null);
        Batch input = batch(0, record(1, "{\"v\":1}"), record(2, "{\"v\":1}"), record(3, "{\"v\":2}"));

        DedupResult result = this.processor.process(input, "orders/app/0/1", "orders", plain, Filter.parse("v == 1"));

        assertThat(result.passed().records()).extracting(BatchRecord::offset).containsExactly(1L, 2L);
        assertThat(result.filtered()).isEqualTo(1);
        assertThat(this.store.calls).isZero();
    }

    @Test
    void emptyBatchNeedsNoStoreCall() {
        DedupResult result = process(new Batch("orders", 0, List.of()), null);

        assertThat(result.hasOutput()).isFalse();
        assertThat(this.store.calls).isZero();
    }

    private DedupResult process(Batch input, Filter filter) {
        String inputId = "orders/web/" + input.partition() + "/" + (input.records().isEmpty() ? 0 : input.firstOffset());
        return this.processor.process(input, inputId, "orders", ORDERS, filter);
    }

    private static Batch batch(int partition, BatchRecord... records) {
        return new Batch("orders", partition, List.of(records));
    }

    private static BatchRecord record(long offset, String json) {
        return new BatchRecord(offset, 1_700_000_000_000L + offset, null, json(json));
    }

    private static byte[] key(String text) {
        return ("s" + (char) text.length() + text).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

}
