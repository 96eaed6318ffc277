package io.sluice.worker.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StreamLimits;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import io.sluice.worker.consume.StreamCursor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The early purge against the real JetStream, on a pipeline stream as the workers provision it. */
@RealServers(RealServer.NATS)
class JetStreamInputPurgerIntegrationTests {

    private static final byte[] BATCH = new byte[10_000];

    private Connection nats;
    private NatsNames names;
    private String pipeline;
    private String stream;
    private InputPurger purger;

    @BeforeEach
    void provisionThePipelineStreams(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        nats = Nats.connect(endpoints.natsUrl());
        names = NatsNames.withPrefix(namespace.natsPrefix());
        pipeline = "purge-" + System.nanoTime();
        stream = names.dataStream(pipeline);
        new PipelineStreams(nats, names, new StreamLimits(Duration.ofMinutes(10), 64L * 1024 * 1024,
                Duration.ofMinutes(2))).ensureStreams(pipeline);
        purger = new JetStreamInputPurger(nats);
    }

    @AfterEach
    void deleteTheStreams() throws Exception {
        nats.jetStreamManagement().deleteStream(stream);
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
        nats.close();
    }

    @Test
    void purgingProcessedIngestBatchesFreesTheStreamButKeepsEachPartitionsLastBatchForIngestToResumeFrom() throws Exception {
        String partition0 = names.ingestSubject(pipeline, "orders", 0);
        String partition1 = names.ingestSubject(pipeline, "orders", 1);
        for (int i = 0; i < 20; i++) {
            publish(partition0, "orders/0/" + i, i);
            publish(partition1, "orders/1/" + i, i);
        }
        JetStreamManagement jsm = nats.jetStreamManagement();
        long bytesBefore = jsm.getStreamInfo(stream).getStreamState().getByteCount();

        // Everything processed, as dedup records it for each lane (one partition).
        purger.purgeBefore(stream, partition0, jsm.getLastMessage(stream, partition0).getSeq());
        purger.purgeBefore(stream, partition1, jsm.getLastMessage(stream, partition1).getSeq());

        var state = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(names.ingestSubjects(pipeline, "orders"))).getStreamState();
        assertThat(state.getByteCount()).isLessThan(bytesBefore / 5);
        assertThat(state.getSubjectMap()).containsOnlyKeys(partition0, partition1)
                .allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
        // What ingest reads to resume each partition is still there.
        assertThat(jsm.getLastMessage(stream, partition0).getHeaders().getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo("19");
        assertThat(jsm.getLastMessage(stream, partition1).getHeaders().getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo("19");
    }

    @Test
    void purgesOnlyBelowTheLastProcessedMessageWhichStays() throws Exception {
        String subject = names.dedupSubject(pipeline, "orders", 0);
        long processed = 0;
        for (int i = 0; i < 10; i++) {
            long seq = publish(subject, "dedup:orders/0/" + i, i).getSeqno();
            processed = i == 5 ? seq : processed;
        }

        long purged = purger.purgeBefore(stream, subject, processed);

        assertThat(purged).isEqualTo(5);
        var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertThat(state.getMsgCount()).isEqualTo(5);
        assertThat(state.getFirstSequence()).isEqualTo(processed);
    }

    @Test
    void aBatchRepublishedAfterItsFirstCopyWasPurgedIsStillDroppedAsADuplicate() throws Exception {
        String subject = names.dedupSubject(pipeline, "orders", 0);
        long first = publish(subject, "dedup:orders/0/0", 0).getSeqno();
        long second = publish(subject, "dedup:orders/0/1", 1).getSeqno();
        purger.purgeBefore(stream, subject, second);

        // A dedup replica that crashed before recording its progress publishes the same output again.
        PublishAck again = publish(subject, "dedup:orders/0/0", 0);

        assertThat(again.isDuplicate()).isTrue();
        var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertThat(state.getMsgCount()).isEqualTo(1);
        assertThat(state.getFirstSequence()).isGreaterThan(first);
    }

    @Test
    void aReplicaReadingEveryLaneWhileAnotherPurgesWhatItCommittedStillGetsEveryUncommittedMessage() throws Exception {
        // Two sink replicas share a lane that reads all of a source's dedup lanes through one
        // wildcard. One committed a block up to `committed`; the other, planning from there, is
        // reading on when the first purges what it committed.
        String lane0 = names.dedupSubject(pipeline, "orders", 0);
        String lane1 = names.dedupSubject(pipeline, "orders", 1);
        PurgePoints committedBlock = new PurgePoints();
        committedBlock.processed(lane0, publish(lane0, "dedup:orders/0/0", 0).getSeqno());
        committedBlock.processed(lane1, publish(lane1, "dedup:orders/1/0", 0).getSeqno());
        long committed = publish(lane0, "dedup:orders/0/1", 1).getSeqno();
        committedBlock.processed(lane0, committed);
        long uncommitted = publish(lane1, "dedup:orders/1/1", 1).getSeqno();
        publish(lane1, "dedup:orders/1/2", 2);
        publish(lane0, "dedup:orders/0/2", 2);
        long last = publish(lane0, "dedup:orders/0/3", 3).getSeqno();
        try (StreamCursor reader = new StreamCursor(nats.jetStream(), stream, names.dedupSubjects(pipeline, "orders"),
                committed + 1)) {
            List<Long> read = new ArrayList<>();
            reader.fetch(1, Duration.ofSeconds(2)).forEach(message -> read.add(message.metaData().streamSequence()));

            purger.purgeDue(stream, committedBlock);

            while (read.isEmpty() || read.get(read.size() - 1) < last) {
                List<Message> fetched = reader.fetch(10, Duration.ofSeconds(2));
                assertThat(fetched).as("messages after %s", read).isNotEmpty();
                fetched.forEach(message -> read.add(message.metaData().streamSequence()));
            }
            assertThat(read).containsExactly(uncommitted, uncommitted + 1, uncommitted + 2, last);
        }
        // The committed messages are gone but for the last of each lane, which a dedup lane taken over resumes from.
        var state = nats.jetStreamManagement().getStreamInfo(stream,
                StreamInfoOptions.filterSubjects(names.dedupSubjects(pipeline, "orders"))).getStreamState();
        assertThat(state.getMsgCount()).isEqualTo(6);
        assertThat(state.getFirstSequence()).isEqualTo(committed - 1);
    }

    private PublishAck publish(String subject, String messageId, long lastOffset) throws Exception {
        Headers headers = new Headers().put("Nats-Msg-Id", messageId).put(NatsNames.LAST_OFFSET_HEADER, Long.toString(lastOffset));
        return nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(headers).data(BATCH).build());
    }
}
