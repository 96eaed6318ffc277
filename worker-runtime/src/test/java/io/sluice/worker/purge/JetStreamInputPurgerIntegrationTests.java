package io.sluice.worker.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
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
        purger = new JetStreamInputPurger(nats, names);
    }

    @AfterEach
    void deleteTheStreams() throws Exception {
        nats.jetStreamManagement().deleteStream(stream);
        nats.jetStreamManagement().deleteStream(names.deadLetterStream(pipeline));
        nats.close();
    }

    @Test
    void purgingProcessedIngestBatchesFreesTheStreamButKeepsEachPartitionsLastBatchForIngestToResumeFrom() throws Exception {
        for (int i = 0; i < 20; i++) {
            publish(names.ingestSubject(pipeline, "orders", 0), "orders/0/" + i, i);
            publish(names.ingestSubject(pipeline, "orders", 1), "orders/1/" + i, i);
        }
        JetStreamManagement jsm = nats.jetStreamManagement();
        long bytesBefore = jsm.getStreamInfo(stream).getStreamState().getByteCount();
        long lastOfPartition0 = jsm.getLastMessage(stream, names.ingestSubject(pipeline, "orders", 0)).getSeq();

        // Everything processed, as dedup records it for a lane (one partition) and sink for a wildcard.
        purger.purgeProcessed(stream, names.ingestSubject(pipeline, "orders", 0), lastOfPartition0);
        purger.purgeProcessed(stream, names.ingestSubjects(pipeline, "orders"), jsm.getStreamInfo(stream).getStreamState().getLastSequence());

        var state = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(names.ingestSubjects(pipeline, "orders"))).getStreamState();
        assertThat(state.getByteCount()).isLessThan(bytesBefore / 5);
        assertThat(state.getSubjectMap()).containsOnlyKeys(names.ingestSubject(pipeline, "orders", 0),
                names.ingestSubject(pipeline, "orders", 1)).allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
        // What ingest reads to resume each partition is still there.
        assertThat(jsm.getLastMessage(stream, names.ingestSubject(pipeline, "orders", 0)).getHeaders()
                .getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo("19");
        assertThat(jsm.getLastMessage(stream, names.ingestSubject(pipeline, "orders", 1)).getHeaders()
                .getFirst(NatsNames.LAST_OFFSET_HEADER)).isEqualTo("19");
    }

    @Test
    void purgesOnlyUpToTheProcessedSequence() throws Exception {
        String subject = names.dedupSubject(pipeline, "orders", 0);
        long processed = 0;
        for (int i = 0; i < 10; i++) {
            long seq = publish(subject, "dedup:orders/0/" + i, i).getSeqno();
            processed = i == 5 ? seq : processed;
        }

        long purged = purger.purgeProcessed(stream, names.dedupSubjects(pipeline, "orders"), processed);

        assertThat(purged).isEqualTo(6);
        var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertThat(state.getMsgCount()).isEqualTo(4);
        assertThat(state.getFirstSequence()).isEqualTo(processed + 1);
    }

    @Test
    void aBatchRepublishedAfterItsFirstCopyWasPurgedIsStillDroppedAsADuplicate() throws Exception {
        String subject = names.dedupSubject(pipeline, "orders", 0);
        long first = publish(subject, "dedup:orders/0/0", 0).getSeqno();
        long second = publish(subject, "dedup:orders/0/1", 1).getSeqno();
        purger.purgeProcessed(stream, subject, second);

        // A dedup replica that crashed before recording its progress publishes the same output again.
        PublishAck again = publish(subject, "dedup:orders/0/0", 0);

        assertThat(again.isDuplicate()).isTrue();
        var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
        assertThat(state.getMsgCount()).isEqualTo(1);
        assertThat(state.getFirstSequence()).isGreaterThan(first);
    }

    @Test
    void keepsTheLastOutputOfEachDedupLaneWhichATakeOverResumesFrom() throws Exception {
        String lane0 = names.dedupSubject(pipeline, "orders", 0);
        String replayLane = names.dedupLaneSubject(pipeline, "orders", "replay");
        publish(lane0, "dedup:orders/0/0", 0);
        publish(replayLane, "dedup:orders/replay/0", 0);
        long last = publish(lane0, "dedup:orders/0/1", 1).getSeqno();

        purger.purgeProcessed(stream, names.dedupSubjects(pipeline, "orders"), last);

        var state = nats.jetStreamManagement().getStreamInfo(stream,
                StreamInfoOptions.filterSubjects(names.dedupSubjects(pipeline, "orders"))).getStreamState();
        assertThat(state.getSubjectMap()).containsOnlyKeys(lane0, replayLane).allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
        assertThat(nats.jetStreamManagement().getLastMessage(stream, lane0).getSeq()).isEqualTo(last);
    }

    private PublishAck publish(String subject, String messageId, long lastOffset) throws Exception {
        Headers headers = new Headers().put("Nats-Msg-Id", messageId).put(NatsNames.LAST_OFFSET_HEADER, Long.toString(lastOffset));
        return nats.jetStream().publish(NatsMessage.builder().subject(subject).headers(headers).data(BATCH).build());
    }
}
