package io.sluice.sink.column;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sluice.model.clickhouse.ClickHouseType;

/**
 * How fast one thread turns ~300-byte JSON events into RowBinary rows of 8 columns. Not a test:
 * a rough figure for the README, run by hand (see sink-service/SINK.md for the command). Each
 * round encodes the same 100,000 distinct events into 10,000-row blocks, as the sink does.
 */
public final class RowEncoderBenchmark {

    private static final int EVENTS = 100_000;

    private static final int BLOCK_ROWS = 10_000;

    private RowEncoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
        RowEncoder encoder = RowEncoder.compile(List.of(
                binding("event_id", "event_id", "UUID"),
                binding("user.id", "user_id", "UInt64"),
                binding("user.country", "country", "LowCardinality(String)"),
                binding("type", "type", "Enum8('view' = 1, 'cart' = 2, 'purchase' = 3)"),
                binding("amount", "amount", "Decimal(18, 2)"),
                binding("ts", "ts", "DateTime"),
                binding("tags", "tags", "Array(String)"),
                binding("page", "page", "String")), ZoneOffset.UTC);
        List<byte[]> events = events();
        double averageBytes = events.stream().mapToInt((event) -> event.length).average().orElse(0);
        System.out.printf("%d events of %.0f bytes on average, %d columns, %d rounds%n", EVENTS, averageBytes,
                encoder.columns().size(), rounds);
        BinaryBuffer block = new BinaryBuffer(BLOCK_ROWS * 128);
        double[] rates = new double[rounds];
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                if (i % BLOCK_ROWS == 0) {
                    checksum += block.size();
                    block.reset();
                }
                encoder.encode(events.get(i), block);
            }
            long took = System.nanoTime() - start;
            rates[round] = EVENTS / (took / 1e9);
            System.out.printf("round %2d: %,10.0f rows/s%n", round + 1, rates[round]);
        }
        double[] measured = Arrays.copyOfRange(rates, rounds / 2, rounds);
        Arrays.sort(measured);
        double median = measured[measured.length / 2];
        System.out.printf("median of the last %d rounds: %,.0f rows/s (%.1f MB/s of JSON); checksum %d%n", measured.length,
                median, median * averageBytes / 1e6, checksum);
    }

    private static ColumnBinding binding(String field, String column, String type) {
        return new ColumnBinding(field, column, ClickHouseType.parse(type));
    }

    private static List<byte[]> events() {
        String[] countries = { "DE", "FR", "US", "JP", "BR" };
        String[] types = { "view", "cart", "purchase" };
        List<byte[]> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String json = String.format("{\"event_id\":\"%08x-5cb3-11e7-907b-%012x\",\"type\":\"%s\","
                    + "\"user\":{\"id\":%d,\"country\":\"%s\",\"segment\":\"new\"},"
                    + "\"amount\":%d.%02d,\"ts\":\"2024-03-01T12:%02d:%02d.%03dZ\","
                    + "\"tags\":[\"mobile\",\"campaign-%d\"],\"page\":\"/products/%d?ref=mail\","
                    + "\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0\",\"ip\":\"203.0.113.%d\"}",
                    i, i * 7919L, types[i % 3], 1_000_000L + i, countries[i % 5], i % 500, i % 100, (i / 60) % 60, i % 60,
                    i % 1000, i % 20, i % 5000, i % 256);
            events.add(json.getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

}
