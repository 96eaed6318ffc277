package io.sluice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.sluice.model.nats.NatsNames;
import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.RealServer;
import io.sluice.testsupport.RealServers;
import io.sluice.testsupport.TestNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention of a pipeline's streams, against the real NATS server: input waits for the stage
 * after it however long that stage is stopped (only its byte limit bounds it), while dead letters
 * age out.
 */
@RealServers(RealServer.NATS)
class PipelineStreamsIntegrationTests {

    /** The limits a worker uses when nothing is set. */
    private static final StreamLimits DEFAULTS = new StreamLimits(Duration.parse("PT168H"),
            Long.parseLong(StreamLimits.DEFAULT_MAX_BYTES), Duration.ofMinutes(10));

    private static final StreamLimits ONE_SECOND = new StreamLimits(Duration.ofSeconds(1), 16L * 1024 * 1024,
            Duration.ofSeconds(1));

    private NatsNames names;
    private Connection nats;
    private JetStreamManagement jsm;
    private String pipeline;

    @BeforeEach
    void connect(LocalEndpoints endpoints, TestNamespace namespace) throws Exception {
        names = NatsNames.withPrefix(namespace.natsPrefix());
        nats = Nats.connect(endpoints.natsUrl());
        jsm = nats.jetStreamManagement();
        pipeline = "retention-" + System.nanoTime();
    }

    @AfterEach
    void deleteStreams() throws Exception {
        for (String stream : List.of(names.dataStream(pipeline), names.deadLetterStream(pipeline))) {
            try {
                jsm.deleteStream(stream);
            } catch (Exception ignored) {
                // not created by this test
            }
        }
        nats.close();
    }

    /**
     * The storage wall: a stream with a byte limit reserves that many bytes of the server's store
     * when created, used or not, so with 1 GiB per stream NATS refused the streams of the 30th
     * pipeline or so on this machine ("insufficient storage resources available [10047]").
     */
    @Test
    void theStreamsOfTwoHundredPipelinesWithTheDefaultLimitsReserveNoStorage() throws Exception {
        PipelineStreams streams = new PipelineStreams(nats, names, DEFAULTS);
        List<String> pipelines = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                pipelines.add(pipeline + "-" + i);
                streams.ensureStreams(pipelines.get(i));
            }
            StreamConfiguration data = jsm.getStreamInfo(names.dataStream(pipelines.get(199))).getConfiguration();
            assertThat(data.getMaxBytes()).as("no byte limit: nothing reserved").isEqualTo(-1);
            assertThat(data.getMaxMsgsPerSubject()).as("bounded by batches instead").isEqualTo(DEFAULTS.maxBatches());
            assertThat(data.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
            StreamConfiguration deadLetters = jsm.getStreamInfo(names.deadLetterStream(pipelines.get(199))).getConfiguration();
            assertThat(deadLetters.getMaxBytes()).isEqualTo(-1);
            assertThat(deadLetters.getMaxMsgs()).isEqualTo(DEFAULTS.maxDeadLetters());
            assertThat(deadLetters.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        } finally {
            for (String each : pipelines) {
                for (String stream : List.of(names.dataStream(each), names.deadLetterStream(each))) {
                    try {
                        jsm.deleteStream(stream);
                    } catch (Exception ignored) {
                        // never created
                    }
                }
            }
        }
    }

    @Test
    void aFullSubjectOfTheDataStreamRefusesItsNextBatchButNotAnotherStagesWhileAFullDeadLetterStreamDropsItsOldest()
            throws Exception {
        StreamLimits small = new StreamLimits(Duration.ofMinutes(10), StreamLimits.NO_BYTE_LIMIT, Duration.ofSeconds(1), 3, 2);
        new PipelineStreams(nats, names, small).ensureStreams(pipeline);
        for (int i = 0; i < 3; i++) {
            nats.jetStream().publish(names.ingestSubject(pipeline, "orders", 0), ("batch " + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> nats.jetStream().publish(names.ingestSubject(pipeline, "orders", 0),
                "batch 3".getBytes(StandardCharsets.UTF_8))).as("ingest waits; Kafka keeps the rest")
                .hasMessageContaining("maximum messages per subject exceeded");
        // Dedup's output of that partition still goes in: its input leaves only once it did.
        nats.jetStream().publish(names.dedupSubject(pipeline, "orders", 0), "dedup output".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            nats.jetStream().publish(names.deadLetterSubject(pipeline), ("dead letter " + i).getBytes(StandardCharsets.UTF_8));
        }
        var deadLetters = jsm.getStreamInfo(names.deadLetterStream(pipeline)).getStreamState();
        assertThat(deadLetters.getMsgCount()).isEqualTo(2);
        assertThat(deadLetters.getFirstSequence()).as("the oldest dropped").isEqualTo(2);
    }

    @Test
    void inputNobodyHasReadYetOutlivesTheMaxAgeThatExpiresDeadLetters() throws Exception {
        new PipelineStreams(nats, names, ONE_SECOND).ensureStreams(pipeline);
        nats.jetStream().publish(names.ingestSubject(pipeline, "orders", 0), "batch".getBytes(StandardCharsets.UTF_8));
        nats.jetStream().publish(names.deadLetterSubject(pipeline), "dead letter".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> jsm.getStreamInfo(names.deadLetterStream(pipeline)).getStreamState().getMsgCount() == 0);
        // The unread batch stays, seconds past a 1 s max age.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> jsm.getStreamInfo(names.dataStream(pipeline)).getStreamState().getMsgCount() == 1);
        assertThat(jsm.getStreamInfo(names.dataStream(pipeline)).getConfiguration().getMaxAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDataStreamCreatedWithAnAgeLimitLosesItWhenProvisionedAgain() throws Exception {
        jsm.addStream(StreamConfiguration.builder().name(names.dataStream(pipeline))
                .subjects(names.dataStreamSubjects(pipeline)).storageType(StorageType.File)
                .maxAge(Duration.ofDays(7)).maxBytes(16L * 1024 * 1024).build());

        new PipelineStreams(nats, names, ONE_SECOND).ensureStreams(pipeline);

        assertThat(jsm.getStreamInfo(names.dataStream(pipeline)).getConfiguration().getMaxAge()).isEqualTo(Duration.ZERO);
        assertThat(jsm.getStreamInfo(names.deadLetterStream(pipeline)).getConfiguration().getMaxAge())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDeadLetterStreamCreatedAloneIsTheOneTheWorkersKeep() throws Exception {
        PipelineStreams streams = new PipelineStreams(nats, names, ONE_SECOND);
        streams.ensureDeadLetterStream(pipeline);
        String createdAlone = jsm.getStreamInfo(names.deadLetterStream(pipeline)).getConfiguration().toJson();

        streams.ensureStreams(pipeline);

        assertThat(jsm.getStreamInfo(names.deadLetterStream(pipeline)).getConfiguration().toJson()).isEqualTo(createdAlone);
        StreamConfiguration deadLetters = jsm.getStreamInfo(names.deadLetterStream(pipeline)).getConfiguration();
        assertThat(deadLetters.getMaxBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(deadLetters.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(deadLetters.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
        assertThat(deadLetters.getAllowDirect()).isTrue();
    }
}
