package io.sluice.api.deadletter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.sluice.model.deadletter.DeadLetterCodec;
import io.sluice.model.deadletter.DeadLetterMessage;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas.ReplicasRefusedException;
import io.sluice.nats.JetStreamErrors;
import io.sluice.nats.PipelineStreams;
import io.sluice.nats.StoredMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeadLetterQueue} on the pipeline's JetStream dead-letter stream
 * ({@link NatsNames#deadLetterStream}). Reads fetch single messages by sequence (direct get when
 * the stream allows it), so browsing creates no consumer and changes nothing.
 */
class JetStreamDeadLetterQueue implements DeadLetterQueue {

    private static final Logger log = LoggerFactory.getLogger(JetStreamDeadLetterQueue.class);

    /** Header of a replayed message: the dead-letter stream and sequence it came from. */
    static final String REPLAY_OF_HEADER = "Sluice-Replay-Of";

    private final Connection connection;

    private final NatsNames names;

    private final PipelineStreams streams;

    private final ReplayCounts replayCounts;

    JetStreamDeadLetterQueue(Connection connection, NatsNames names, PipelineStreams streams, ReplayCounts replayCounts) {
        this.connection = connection;
        this.names = names;
        this.streams = streams;
        this.replayCounts = replayCounts;
    }

    @Override
    public Scan scan(String pipelineId, Predicate<StoredDeadLetter> wanted, int limit, Long before, int maxScan) {
        String stream = this.names.deadLetterStream(pipelineId);
        return nats("search the dead letters of pipeline '" + pipelineId + "'", () -> {
            JetStreamManagement jsm = this.connection.jetStreamManagement();
            DeadLetterPage page = page(jsm, pipelineId);
            List<Long> candidates = page.newest(maxScan, before);
            List<StoredDeadLetter> found = new ArrayList<>();
            int scanned = 0;
            for (long sequence : candidates) {
                if (found.size() == limit) {
                    break;
                }
                scanned++;
                // Gone meanwhile (replayed, purged, expired): nothing to show.
                Optional<MessageInfo> message = StoredMessages.at(jsm, stream, sequence);
                if (message.isPresent()) {
                    StoredDeadLetter deadLetter = stored(message.get());
                    if (wanted.test(deadLetter)) {
                        found.add(deadLetter);
                    }
                }
            }
            Long continueBefore = null;
            if (scanned > 0) {
                long last = candidates.get(scanned - 1);
                continueBefore = page.newest(1, last).isEmpty() ? null : last;
            }
            return new Scan(found, scanned, continueBefore, page.count());
        });
    }

    @Override
    public boolean delete(String pipelineId, long sequence) {
        String stream = this.names.deadLetterStream(pipelineId);
        return nats("delete dead letter " + sequence + " of pipeline '" + pipelineId + "'", () -> {
            JetStreamManagement jsm = this.connection.jetStreamManagement();
            ensureStream(jsm, pipelineId, false);
            // Asked first: the server answers a delete of a sequence already deleted with an error
            // that differs between its versions, a read of it with a plain "not found".
            if (StoredMessages.at(jsm, stream, sequence).isEmpty()) {
                return false;
            }
            return StoredMessages.delete(jsm, stream, sequence);
        });
    }

    @Override
    public List<StoredDeadLetter> newest(String pipelineId, int limit, Long before) {
        String stream = this.names.deadLetterStream(pipelineId);
        return nats("read the dead letters of pipeline '" + pipelineId + "'", () -> {
            JetStreamManagement jsm = this.connection.jetStreamManagement();
            List<StoredDeadLetter> deadLetters = new ArrayList<>();
            for (long sequence : page(jsm, pipelineId).newest(limit, before)) {
                // Gone meanwhile (replayed, purged, expired): the page shows the rest.
                StoredMessages.at(jsm, stream, sequence).ifPresent(message -> deadLetters.add(stored(message)));
            }
            return deadLetters;
        });
    }

    @Override
    public ReplayOutcome replay(String pipelineId, List<Long> sequences, int maxCount) {
        String stream = this.names.deadLetterStream(pipelineId);
        String dataStream = this.names.dataStream(pipelineId);
        String replaySubject = this.names.replaySubject(pipelineId);
        JetStreamManagement jsm = nats("open JetStream", this.connection::jetStreamManagement);
        DeadLetterPage page = nats("read the dead letters of pipeline '" + pipelineId + "'", () -> page(jsm, pipelineId));
        requireDataStream(jsm, pipelineId, dataStream);
        JetStream js = nats("open JetStream", this.connection::jetStream);
        List<Long> targets = (sequences != null) ? new ArrayList<>(new TreeSet<>(sequences)) : page.oldest(maxCount);
        List<Long> notFound = new ArrayList<>();
        int replayed = 0;
        for (long sequence : targets) {
            try {
                MessageInfo message = StoredMessages.at(jsm, stream, sequence).orElse(null);
                if (message == null) {
                    notFound.add(sequence);
                    continue;
                }
                PublishOptions options = PublishOptions.builder()
                    .expectedStream(dataStream)
                    // Deterministic: if the delete below fails and the replay is retried, JetStream
                    // drops the second copy inside its duplicate window. The stored time tells this
                    // dead letter apart from one with the same sequence in a re-created stream.
                    .messageId("replay:" + stream + ":" + sequence + ":" + message.getTime().toInstant())
                    .build();
                js.publish(NatsMessage.builder()
                    .subject(replaySubject)
                    .headers(replayHeaders(pipelineId, stream, message))
                    .data(message.getData())
                    .build(), options);
                countReplay(pipelineId, message);
                // Only now, with the republish acknowledged, may the dead letter go. Gone already
                // (a concurrent replay or purge) reaches the same goal.
                StoredMessages.delete(jsm, stream, sequence);
                replayed++;
            }
            catch (IOException | JetStreamApiException ex) {
                throw new ReplayFailedException("Replaying dead letter " + sequence + " of pipeline '" + pipelineId
                        + "' failed after " + replayed + " were replayed: " + ex.getMessage()
                        + ". It and the ones after it are still in the queue.", replayed, ex);
            }
        }
        long remaining = nats("count the dead letters", () -> page(jsm, pipelineId).count());
        return new ReplayOutcome(replayed, notFound, remaining);
    }

    @Override
    public long purge(String pipelineId) {
        String stream = this.names.deadLetterStream(pipelineId);
        return nats("purge the dead letters of pipeline '" + pipelineId + "'", () -> {
            JetStreamManagement jsm = this.connection.jetStreamManagement();
            ensureStream(jsm, pipelineId, false);
            return jsm.purgeStream(stream).getPurged();
        });
    }

    @Override
    public Map<String, Long> stored(Collection<String> pipelineIds) {
        Map<String, String> byStream = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (String pipelineId : pipelineIds) {
            byStream.put(this.names.deadLetterStream(pipelineId), pipelineId);
            // Created with the pipeline's first dead letter (or visit of its dead-letter page).
            counts.put(pipelineId, 0L);
        }
        return nats("count the dead letters", () -> {
            for (StreamInfo stream : this.connection.jetStreamManagement().getStreams(this.names.deadLetterSubjects())) {
                String pipelineId = byStream.get(stream.getConfiguration().getName());
                if (pipelineId != null) {
                    counts.put(pipelineId, stream.getStreamState().getMsgCount());
                }
            }
            return counts;
        });
    }

    private DeadLetterPage page(JetStreamManagement jsm, String pipelineId) throws IOException, JetStreamApiException {
        StreamState state = ensureStream(jsm, pipelineId, true).getStreamState();
        List<Long> deleted = state.getDeleted();
        return new DeadLetterPage(state.getFirstSequence(), state.getLastSequence(),
                (deleted != null) ? new HashSet<>(deleted) : new HashSet<>());
    }

    /**
     * The stream as it is, or as the workers would create it (nats-support's {@link PipelineStreams},
     * the same limits, storage and replicas) if no worker has yet. An existing stream is not updated:
     * each worker brings it to its settings when it starts the pipeline, and browsing need not pay
     * for an update. Never deletes and re-creates, which would lose the dead letters.
     */
    private StreamInfo ensureStream(JetStreamManagement jsm, String pipelineId, boolean deletedDetails)
            throws IOException, JetStreamApiException {
        String stream = this.names.deadLetterStream(pipelineId);
        try {
            return info(jsm, stream, deletedDetails);
        }
        catch (JetStreamApiException ex) {
            if (!JetStreamErrors.streamNotFound(ex)) {
                throw ex;
            }
        }
        this.streams.ensureDeadLetterStream(pipelineId);
        return info(jsm, stream, deletedDetails);
    }

    private static StreamInfo info(JetStreamManagement jsm, String stream, boolean deletedDetails)
            throws IOException, JetStreamApiException {
        return deletedDetails ? jsm.getStreamInfo(stream, StreamInfoOptions.deletedDetails()) : jsm.getStreamInfo(stream);
    }

    private static void requireDataStream(JetStreamManagement jsm, String pipelineId, String dataStream) {
        try {
            jsm.getStreamInfo(dataStream);
        }
        catch (JetStreamApiException ex) {
            if (JetStreamErrors.streamNotFound(ex)) {
                throw new ReplayTargetMissingException("Pipeline '" + pipelineId + "' has no data stream (" + dataStream
                        + ") to replay into yet: it is created when the pipeline first runs. Start the pipeline, then replay.");
            }
            throw new DeadLetterStreamUnavailableException("NATS refused to describe stream " + dataStream + ": " + ex.getMessage(), ex);
        }
        catch (IOException ex) {
            throw new DeadLetterStreamUnavailableException("NATS did not answer: " + ex.getMessage(), ex);
        }
    }

    // The count only informs whoever looks at the dead letter later: a failure to keep it must not
    // fail, or repeat, a replay that JetStream already acknowledged.
    private void countReplay(String pipelineId, MessageInfo message) {
        Headers headers = message.getHeaders();
        String position = (headers != null) ? headers.getFirst(DeadLetterCodec.SOURCE_POSITION_HEADER) : null;
        try {
            this.replayCounts.replayed(pipelineId, DeadLetterIdentity.of(position, message.getData()));
        }
        catch (RuntimeException ex) {
            log.warn("Replayed dead letter {} of pipeline '{}' but could not count the replay: {}", message.getSeq(),
                    pipelineId, ex.getMessage());
        }
    }

    private static Headers replayHeaders(String pipelineId, String stream, MessageInfo message) {
        Headers headers = new Headers();
        headers.put(DeadLetterCodec.PIPELINE_HEADER, pipelineId);
        headers.put(REPLAY_OF_HEADER, stream + "/" + message.getSeq());
        Headers original = message.getHeaders();
        String position = (original != null) ? original.getFirst(DeadLetterCodec.SOURCE_POSITION_HEADER) : null;
        if (position != null && !position.isEmpty()) {
            headers.put(DeadLetterCodec.SOURCE_POSITION_HEADER, position);
        }
        // The stage decides where it goes back in: a joined row the sink refused skips the join.
        String stage = (original != null) ? original.getFirst(DeadLetterCodec.STAGE_HEADER) : null;
        if (stage != null && !stage.isEmpty()) {
            headers.put(DeadLetterCodec.STAGE_HEADER, stage);
        }
        // The Kafka key and headers go along, so the event's next dead letter (if it fails again) shows them too.
        for (String kafka : List.of(DeadLetterCodec.KAFKA_KEY_HEADER, DeadLetterCodec.KAFKA_HEADERS_HEADER)) {
            String value = (original != null) ? original.getFirst(kafka) : null;
            if (value != null && !value.isEmpty()) {
                headers.put(kafka, value);
            }
        }
        return headers;
    }

    private static StoredDeadLetter stored(MessageInfo message) {
        Map<String, String> headers = new HashMap<>();
        Headers original = message.getHeaders();
        if (original != null) {
            for (String key : original.keySet()) {
                String value = original.getFirst(key);
                if (value != null) {
                    headers.put(key, value);
                }
            }
        }
        byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
        return new StoredDeadLetter(message.getSeq(), message.getTime().toInstant(), new DeadLetterMessage(headers, data));
    }

    private static <T> T nats(String what, NatsCall<T> call) {
        try {
            return call.run();
        }
        catch (IOException ex) {
            throw new DeadLetterStreamUnavailableException("Could not " + what + ": NATS did not answer (" + ex.getMessage() + ")", ex);
        }
        catch (JetStreamApiException ex) {
            throw new DeadLetterStreamUnavailableException("Could not " + what + ": " + ex.getErrorDescription(), ex);
        }
        catch (ReplicasRefusedException ex) {
            throw new DeadLetterStreamUnavailableException("Could not " + what + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DeadLetterStreamUnavailableException("Interrupted while waiting for NATS", ex);
        }
    }

    @FunctionalInterface
    private interface NatsCall<T> {

        T run() throws IOException, JetStreamApiException, InterruptedException;

    }

}
