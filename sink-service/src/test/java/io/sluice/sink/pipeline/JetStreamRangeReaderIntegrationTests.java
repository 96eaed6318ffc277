package io.sluice.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.batch.StreamMessage;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the sink cuts a lane into blocks, read from a real stream: by records, by bytes, never splitting a message. */
@RealServers(RealServer.NATS)
class JetStreamRangeReaderIntegrationTests {

    private static final TestNamespace NAMESPACE = TestNamespace.forClass(JetStreamRangeReaderIntegrationTests.class);
    private static final String STREAM = NAMESPACE.id().toUpperCase() + "_BLOCKS";
    private static final String SUBJECT = NAMESPACE.id() + ".blocks.orders.0";
    private static final Duration WAIT = Duration.ofSeconds(2);

    private static Connection nats;
    private static JetStreamRangeReader reader;
    private static int messageBytes;
    private static long publishedNanos;

    @BeforeAll
    static void tenMessagesOfTenRecords() throws Exception {
        nats = Nats.connect(LocalEndpoints.fromEnvironment().natsUrl());
        nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(STREAM).subjects(SUBJECT)
                .maxBytes(16 * 1024 * 1024).build());
        long offset = 0;
        for (int message = 0; message < 10; message++) {
            List<BatchRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(new BatchRecord(offset++, 0, null, ("{\"id\":" + offset + ",\"pad\":\"" + "x".repeat(90) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            byte[] envelope = BatchCodec.encode(new Batch("orders", 0, records));
            messageBytes = envelope.length;
            nats.jetStream().publish(SUBJECT, envelope);
        }
        publishedNanos = System.nanoTime();
        reader = new JetStreamRangeReader(nats.jetStream(), nats.jetStreamManagement(), STREAM, SUBJECT);
    }

    @AfterAll
    static void removeStream() throws Exception {
        nats.jetStreamManagement().deleteStream(STREAM);
        nats.close();
    }

    @Test
    void aBlockEndsAtTheFirstMessageThatReachesMaxRecordsAndNeverHoldsMore() throws Exception {
        List<StreamMessage> handed = new ArrayList<>();
        List<ReadMessage> block = reader.readNext(1, 35, Long.MAX_VALUE, WAIT, WAIT, handed::add);

        // 35 records: four messages of ten, the fourth being the one that reaches the limit.
        assertThat(block).extracting(ReadMessage::streamSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(block).extracting(ReadMessage::records).containsOnly(10);
        // Each handed over decoded as it was read, in order: what the lane builds its block from.
        assertThat(handed).extracting(StreamMessage::streamSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(handed).allSatisfy(message -> assertThat(message.batch().records()).hasSize(10));
        assertThat(ReadMessage.of(handed)).isEqualTo(block);
    }

    @Test
    void messagesThatWaitedInTheStreamForMaxDelayAreTakenAsTheyAreWithoutWaitingForMore() throws Exception {
        Duration maxDelay = Duration.ofSeconds(3);
        // The ten messages have been in the stream for longer than maxDelay, as a block's first
        // messages are when the lane was inserting the block before.
        Thread.sleep(Math.max(0, (publishedNanos + maxDelay.toNanos() - System.nanoTime()) / 1_000_000 + 200));
        long start = System.nanoTime();

        List<ReadMessage> block = reader.readNext(1, 1_000_000, Long.MAX_VALUE, maxDelay, WAIT, ignored -> { });

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // All of them (what is pending is fetched at once), and no wait of maxDelay from the read:
        // counted from there, the block waited 3 s more for messages that were not coming.
        assertThat(block).extracting(ReadMessage::streamSequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(took).as("time to read the block").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBlockEndsAtTheFirstMessageThatReachesMaxBytes() throws Exception {
        List<ReadMessage> block = reader.readNext(3, 1_000_000, 2L * messageBytes + 1, WAIT, WAIT, ignored -> { });

        assertThat(block).extracting(ReadMessage::streamSequence).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aMessageLargerThanTheLimitsIsABlockOfItsOwn() throws Exception {
        List<ReadMessage> block = reader.readNext(7, 1, 1, WAIT, WAIT, ignored -> { });

        assertThat(block).extracting(ReadMessage::streamSequence).containsExactly(7L);
    }

    @Test
    void whatFollowsAFullBlockIsTheNextBlocksStart() throws Exception {
        List<ReadMessage> first = reader.readNext(1, 50, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });
        long next = first.get(first.size() - 1).streamSequence() + 1;
        List<ReadMessage> second = reader.readNext(next, 50, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });

        assertThat(first).extracting(ReadMessage::streamSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(second).extracting(ReadMessage::streamSequence).containsExactly(6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void anIdleLaneAndTheBlocksThatContinueEachOtherReadThroughOneConsumer() throws Exception {
        try (JetStreamRangeReader lane = new JetStreamRangeReader(nats.jetStream(), nats.jetStreamManagement(), STREAM,
                SUBJECT)) {
            long before = consumers();
            List<ReadMessage> first = lane.readNext(1, 50, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });
            List<ReadMessage> second = lane.readNext(6, 50, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });
            List<ReadMessage> idle = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                idle.addAll(lane.readNext(11, 50, Long.MAX_VALUE, WAIT, Duration.ofMillis(200), ignored -> { }));
            }

            assertThat(first).extracting(ReadMessage::streamSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(second).extracting(ReadMessage::streamSequence).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertThat(idle).isEmpty();
            // A consumer per read would leave five here until the server removes them, 30 s later.
            assertThat(consumers() - before).isEqualTo(1);
        }
    }

    @Test
    void aBlockThatDoesNotContinueTheLastStartsWhereItIsAsked() throws Exception {
        try (JetStreamRangeReader lane = new JetStreamRangeReader(nats.jetStream(), nats.jetStreamManagement(), STREAM,
                SUBJECT)) {
            List<ReadMessage> first = lane.readNext(1, 20, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });
            // The lane was taken over meanwhile and committed further, or this block failed: elsewhere.
            List<ReadMessage> elsewhere = lane.readNext(8, 20, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });
            List<ReadMessage> back = lane.readNext(2, 20, Long.MAX_VALUE, WAIT, WAIT, ignored -> { });

            assertThat(first).extracting(ReadMessage::streamSequence).containsExactly(1L, 2L);
            assertThat(elsewhere).extracting(ReadMessage::streamSequence).containsExactly(8L, 9L);
            assertThat(back).extracting(ReadMessage::streamSequence).containsExactly(2L, 3L);
        }
    }

    private static long consumers() throws Exception {
        return nats.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getConsumerCount();
    }

    @Test
    void aReplayReadsItsWholeRangeEvenWhenFetchesComeBackEmptyMeanwhile() throws Exception {
        // A fetch that waits 1 ms often returns nothing, as a fetch does while the server is slow.
        JetStreamRangeReader slow = new JetStreamRangeReader(nats.jetStream(), nats.jetStreamManagement(), STREAM, SUBJECT,
                Duration.ofMillis(1));

        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(slow.readRange(2, 9)).extracting(StreamMessage::streamSequence)
                    .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void fetchesOneMessageFirstThenAsManyAsTheBlockHasRoomFor() {
        assertThat(JetStreamRangeReader.fetchSize(0, 0, 0, 50_000, 32L << 20)).isEqualTo(1);
        // 2,500 records and 900 KB per message: 19 more fit by records, 36 by bytes.
        assertThat(JetStreamRangeReader.fetchSize(1, 2_500, 900_000, 50_000, 32L << 20)).isEqualTo(19);
        assertThat(JetStreamRangeReader.fetchSize(1, 10, 100, 1_000_000, Long.MAX_VALUE / 2)).isEqualTo(64);
        assertThat(JetStreamRangeReader.fetchSize(3, 50_000, 1_000, 50_000, 32L << 20)).isEqualTo(1);
    }
}
