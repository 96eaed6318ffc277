package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.sluice.model.clickhouse.TableDeduplication;
import org.junit.jupiter.api.Test;

import io.sluice.model.definition.ColumnMapping;
import io.sluice.model.definition.SinkDefinition;
import io.sluice.model.clickhouse.ClickHouseType;
import io.sluice.sink.column.ColumnBinding;

class SchemaCheckTests {

    private static final ServerVersion V18 = ServerVersion.parse("18.16.1");

    private static final ServerVersion V24 = ServerVersion.parse("24.3.1.2672");

    private static SinkDefinition sink(ColumnMapping... mapping) {
        return new SinkDefinition("http://localhost:8123", "shop", "default", "", "orders", null, null, Arrays.asList(mapping));
    }

    private static TableInspection table(ServerVersion version, TableColumn... columns) {
        return new TableInspection(version, "UTC", true, true, "ReplicatedMergeTree", List.of(columns));
    }

    private static TableColumn column(String name, String type) {
        return new TableColumn(name, type, "");
    }

    @Test
    void bindsEveryMappedColumnWithTheTablesOwnType() {
        SchemaCheck.Result result = SchemaCheck.check(
                sink(new ColumnMapping("id", "id", null), new ColumnMapping("user.name", "user_name", "LowCardinality(String)")),
                table(V18, column("id", "UInt64"), column("user_name", "LowCardinality(String)"), column("extra", "String")));

        assertThat(result.passed()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.bindings()).containsExactly(
                new ColumnBinding("id", "id", ClickHouseType.parse("UInt64")),
                new ColumnBinding("user.name", "user_name", ClickHouseType.parse("LowCardinality(String)")));
    }

    @Test
    void acceptsADeclaredTypeWrittenDifferentlyButMeaningTheSame() {
        SchemaCheck.Result result = SchemaCheck.check(
                sink(new ColumnMapping("price", "price", "Decimal32(2)"), new ColumnMapping("s", "s", "Enum8('b'=2,'a'=1)")),
                table(V18, column("price", "Decimal(9, 2)"), column("s", "Enum8('a' = 1, 'b' = 2)")));

        assertThat(result.problems()).isEmpty();
    }

    @Test
    void reportsAMissingDatabase() {
        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("id", "id", null)),
                new TableInspection(V18, "UTC", false, false, null, List.of()));

        assertThat(result.problems()).containsExactly("database shop does not exist on the ClickHouse server");
        assertThat(result.bindings()).isEmpty();
    }

    @Test
    void reportsAMissingTable() {
        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("id", "id", null)),
                new TableInspection(V18, "UTC", true, false, null, List.of()));

        assertThat(result.problems()).containsExactly("table shop.orders does not exist");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SchemaCheck.Result result = SchemaCheck.check(sink(
                new ColumnMapping("id", "id", "UInt32"),
                new ColumnMapping("missing", "nope", null),
                new ColumnMapping("ip", "ip", null),
                new ColumnMapping("total", "total", null),
                new ColumnMapping("at", "at", "DateTime64(3)"),
                new ColumnMapping("flag", "flag", "Bool"),
                new ColumnMapping("attrs", "attrs", "Map(String, String)"),
                new ColumnMapping("x", "x", "Strin")),
                table(V18, column("id", "UInt64"), column("ip", "IPv4"), new TableColumn("total", "UInt64", "MATERIALIZED"),
                        column("at", "DateTime"), column("flag", "UInt8"), column("attrs", "String"), column("x", "String")));

        assertThat(result.passed()).isFalse();
        assertThat(result.bindings()).isEmpty();
        assertThat(result.problems()).containsExactly(
                "column id is declared UInt32, but shop.orders has it as UInt64",
                "column nope (for field missing) does not exist in shop.orders; its columns are id, ip, total, at, flag, attrs, x",
                "column ip of shop.orders: unsupported column type \"IPv4\"; Sluice writes String, FixedString(N), UInt8/16/32/64, "
                        + "Int8/16/32/64, Float32/64, Decimal(P, S), Decimal32/64/128(S), Date, DateTime, DateTime64(P), UUID, "
                        + "Enum8, Enum16, Bool, Nullable(T), Array(T), LowCardinality(T), Map(String, T)",
                "column total is MATERIALIZED, computed by ClickHouse; it cannot be written, so leave it out of the mapping",
                "column at is declared DateTime64(3), but DateTime64 needs ClickHouse 20.1 or later; this server runs ClickHouse 18.16.1",
                "column flag is declared Bool, but Bool needs ClickHouse 21.12 or later (use UInt8 before that); this server runs ClickHouse 18.16.1",
                "column attrs is declared Map(String, String), but Map needs ClickHouse 21.1 or later (use two Array columns, or a String of JSON, "
                        + "before that); this server runs ClickHouse 18.16.1",
                "column x: unsupported column type \"Strin\"; Sluice writes String, FixedString(N), UInt8/16/32/64, Int8/16/32/64, "
                        + "Float32/64, Decimal(P, S), Decimal32/64/128(S), Date, DateTime, DateTime64(P), UUID, Enum8, Enum16, Bool, "
                        + "Nullable(T), Array(T), LowCardinality(T), Map(String, T)");
    }

    @Test
    void reportsTypesTheServerLacksEvenWhenTheTableIsMissing() {
        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("at", "at", "Nullable(DateTime64(3))")),
                new TableInspection(V18, "UTC", true, false, null, List.of()));

        assertThat(result.problems()).containsExactly("table shop.orders does not exist",
                "column at is declared Nullable(DateTime64(3)), but DateTime64 needs ClickHouse 20.1 or later; "
                        + "this server runs ClickHouse 18.16.1");
    }

    @Test
    void takesNewerTypesOnNewerServers() {
        SchemaCheck.Result result = SchemaCheck.check(sink(
                new ColumnMapping("at", "at", "DateTime64(3)"),
                new ColumnMapping("flag", "flag", "Bool"),
                new ColumnMapping("attrs", "attrs", "Map(String, String)")),
                table(V24, column("at", "DateTime64(3)"), column("flag", "Bool"), column("attrs", "Map(String, String)")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.bindings()).hasSize(3);
    }

    @Test
    void aLeftJoinsRightSideFieldsNeedColumnsThatTakeNull() {
        SchemaCheck.Result result = SchemaCheck.check(sink(
                new ColumnMapping("order_id", "order_id", null),
                new ColumnMapping("payment_method", "payment_method", null),
                new ColumnMapping("paid_at", "paid_at", null),
                new ColumnMapping("paid", "paid", null)),
                table(V18, column("order_id", "String"), column("payment_method", "String"),
                        column("paid_at", "Nullable(DateTime)"), column("paid", "LowCardinality(Nullable(String))")),
                java.util.Set.of("payment_method", "paid_at", "paid"));

        assertThat(result.problems()).containsExactly("column payment_method gets field payment_method of the join's right "
                + "side, which is null for a left event that finds no partner (a left join), but it is String; make it "
                + "Nullable(String)");
    }

    @Test
    void refusesMapsWithKeysOtherThanStrings() {
        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("m", "m", null)),
                table(V24, column("m", "Map(UInt8, String)")));

        assertThat(result.problems()).singleElement().asString().contains("maps with String keys only");
    }

    @Test
    void refusesATableThatCannotDropAReplayedInsertSayingWhatToDo() {
        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("id", "id", null)),
                new TableInspection(V18, "UTC", true, true, "MergeTree", List.of(column("id", "UInt64"))));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("table shop.orders uses the MergeTree engine, which does not drop a replayed insert")
                .contains("Use ReplicatedMergeTree", "non_replicated_deduplication_window", "\"allowAtLeastOnce\": true");
    }

    @Test
    void onlyWarnsAboutSuchATableWhenThePipelineAcceptsAtLeastOnce() {
        SinkDefinition accepting = sink(new ColumnMapping("id", "id", null));
        accepting = new SinkDefinition(accepting.url(), accepting.database(), accepting.username(), accepting.password(),
                accepting.table(), accepting.maxBatchSize(), accepting.maxDelay(), accepting.mapping(), true);

        SchemaCheck.Result result = SchemaCheck.check(accepting,
                new TableInspection(V18, "UTC", true, true, "MergeTree", List.of(column("id", "UInt64"))));

        assertThat(result.passed()).isTrue();
        assertThat(result.warnings()).singleElement().asString().contains("does not drop a replayed insert", "accepted");
    }

    @Test
    void acceptsAPlainMergeTreeThatDeduplicatesInsertsOnItsOwn() {
        TableDeduplication windowed = TableDeduplication.of("MergeTree",
                "MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100", Map.of(), null);

        SchemaCheck.Result result = SchemaCheck.check(sink(new ColumnMapping("id", "id", null)),
                new TableInspection(V24, "UTC", true, true, "MergeTree", List.of(column("id", "UInt64")), windowed));

        assertThat(result.passed()).isTrue();
        assertThat(result.warnings()).isEmpty();
    }

}
