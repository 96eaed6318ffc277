package io.sluice.model.nats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.SourceDefinition;

/**
 * The names of everything Sluice keeps in NATS, derived only from pipeline and source ids so
 * that every replica of every service agrees on them without coordination.
 *
 * <pre>
 * data stream       SLUICE_&lt;PIPELINE&gt;      subjects sluice.&lt;pipeline&gt;.{ingest,dedup,join}.&gt;, sluice.&lt;pipeline&gt;.replay
 *   ingest output   sluice.&lt;pipeline&gt;.ingest.&lt;source&gt;.&lt;partition&gt;
 *   replayed events sluice.&lt;pipeline&gt;.ingest.&lt;source&gt;.replay   (ingest output of dead letters replayed)
 *   dedup output    sluice.&lt;pipeline&gt;.dedup.&lt;source&gt;.&lt;partition&gt;
 *   join output     sluice.&lt;pipeline&gt;.join.&lt;shard&gt;.&lt;partition&gt;
 *   replayed input  sluice.&lt;pipeline&gt;.replay
 * dead letters      SLUICE_&lt;PIPELINE&gt;_DLQ  subject  sluice.&lt;pipeline&gt;.dlq
 * lane bell         sluice.&lt;pipeline&gt;.lanes   (core NATS, no stream: "a lane may have appeared")
 * KV buckets        sluice-definitions, sluice-status, sluice-sink-progress, sluice-replayed,
 *                   sluice-dedup-lanes, sluice-dedup-replicas, sluice-join-lanes, sluice-join-replicas,
 *                   sluice-ingest-starts
 * </pre>
 *
 * {@code <PIPELINE>} is the pipeline id upper-cased with {@code -} turned into {@code _}. A
 * prefix ({@link #withPrefix}) goes in front of every stream, subject and bucket name, so that
 * tests sharing a server never see each other's data.
 */
public final class NatsNames {

    /** Header of an ingest batch: the last Kafka offset the batch covers, where ingest resumes. */
    public static final String LAST_OFFSET_HEADER = "Sluice-Last-Offset";

    /**
     * Header of a stage's output message: the stream sequence of the input batch it was made from.
     * A lane's output subject holds its outputs in input order with no gaps (each is published
     * only once the one before is stored), so its last message tells a replica taking the lane
     * over which inputs are published already, however long ago: exactly-once does not hang on
     * JetStream's duplicate window.
     */
    public static final String INPUT_SEQUENCE_HEADER = "Sluice-Input-Seq";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]*");

    private static final NatsNames STANDARD = new NatsNames("sluice", "SLUICE", "sluice");

    private final String subjectRoot;

    private final String streamRoot;

    private final String bucketRoot;

    private NatsNames(String subjectRoot, String streamRoot, String bucketRoot) {
        this.subjectRoot = subjectRoot;
        this.streamRoot = streamRoot;
        this.bucketRoot = bucketRoot;
    }

    /** The names used in production. */
    public static NatsNames standard() {
        return STANDARD;
    }

    /**
     * Names isolated by a prefix: {@code withPrefix("t123")} gives stream {@code T123_SLUICE_…},
     * subjects {@code t123.sluice.…} and buckets {@code t123-sluice-…}.
     * @param prefix 1 to 32 letters, digits, {@code _} or {@code -}
     */
    public static NatsNames withPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "a NATS name prefix is 1 to 32 letters, digits, '_' or '-', not \"" + prefix + "\"");
        }
        return new NatsNames(prefix + ".sluice", prefix.toUpperCase(Locale.ROOT).replace('-', '_') + "_SLUICE",
                prefix + "-sluice");
    }

    /**
     * The names for a service's configured prefix: {@link #standard()} when it is empty (production),
     * {@link #withPrefix} otherwise.
     */
    public static NatsNames forConfiguredPrefix(String prefix) {
        return (prefix == null || prefix.isBlank()) ? standard() : withPrefix(prefix);
    }

    public String dataStream(String pipelineId) {
        return this.streamRoot + "_" + streamToken(pipelineId);
    }

    /** The subjects the data stream holds: every stage's output of the pipeline, and its replayed input. */
    public List<String> dataStreamSubjects(String pipelineId) {
        String root = pipelineRoot(pipelineId);
        return List.of(root + ".ingest.>", root + ".dedup.>", root + ".join.>", root + ".replay");
    }

    public String ingestSubject(String pipelineId, String sourceId, int partition) {
        return pipelineRoot(pipelineId) + ".ingest." + token("source id", sourceId) + "." + partition(partition);
    }

    /** Filter subject matching the ingest output of every partition of a source. */
    public String ingestSubjects(String pipelineId, String sourceId) {
        return pipelineRoot(pipelineId) + ".ingest." + token("source id", sourceId) + ".*";
    }

    /**
     * Where the ingest stage publishes the dead letters of a source it took in again from
     * {@link #replaySubject}: batches of one record at its original position, matched by
     * {@link #ingestSubjects} like every partition, so the next stage reads them with the rest.
     * Apart from the partition subjects on purpose: those end with the batch ingest resumes Kafka
     * from, and a replayed record's old offset must never become that.
     */
    public String ingestReplaySubject(String pipelineId, String sourceId) {
        return pipelineRoot(pipelineId) + ".ingest." + token("source id", sourceId) + ".replay";
    }

    /**
     * Whether a subject (or filter) is a source's ingest output,
     * {@code <root>.<pipeline>.ingest.<source>.<partition or *>}: the subjects whose last message
     * ingest reads to resume a Kafka partition, which therefore must never be purged.
     */
    public boolean isIngestSubject(String subject) {
        return isLaneSubject(subject, "ingest");
    }

    private boolean isLaneSubject(String subject, String stage) {
        if (subject == null || !subject.startsWith(this.subjectRoot + ".")) {
            return false;
        }
        String[] tokens = subject.substring(this.subjectRoot.length() + 1).split("\\.", -1);
        return tokens.length == 4 && tokens[1].equals(stage);
    }

    public String dedupSubject(String pipelineId, String sourceId, int partition) {
        return pipelineRoot(pipelineId) + ".dedup." + token("source id", sourceId) + "." + partition(partition);
    }

    /**
     * The dedup output of one input lane: {@code part} is the last token of the lane's ingest
     * subject, a partition number or {@code replay}. One output subject per input lane, so that its
     * last message speaks for that lane alone (replayed dead letters name their old partition, but
     * their output stays apart from that partition's).
     */
    public String dedupLaneSubject(String pipelineId, String sourceId, String part) {
        return pipelineRoot(pipelineId) + ".dedup." + token("source id", sourceId) + "." + token("lane", part);
    }

    /** Filter subject matching the dedup output of every partition of a source. */
    public String dedupSubjects(String pipelineId, String sourceId) {
        return pipelineRoot(pipelineId) + ".dedup." + token("source id", sourceId) + ".*";
    }

    /**
     * The join output of one shard of the join state for the left events of one partition: their
     * rows in outbox order, so that the messages of several partitions can be published at once
     * while each subject still holds a gap-free prefix of its share of the outbox.
     */
    public String joinSubject(String pipelineId, int shard, int partition) {
        return pipelineRoot(pipelineId) + ".join." + partition(shard) + "." + partition(partition);
    }

    /** Filter subject matching every join output subject of one shard. */
    public String joinShardSubjects(String pipelineId, int shard) {
        return pipelineRoot(pipelineId) + ".join." + partition(shard) + ".*";
    }

    /**
     * Where the ingest stage puts back a joined row the sink dead-lettered, once replayed: a batch
     * of that one row, matched by {@link #joinSubjects} so the sink reads it with the rest. The row
     * is finished (joined, filtered): going back through the sources would join it again.
     * {@code replay} stands where a shard number stands, so no shard's publisher ever takes it
     * for its own.
     */
    public String joinReplaySubject(String pipelineId, int partition) {
        return pipelineRoot(pipelineId) + ".join.replay." + partition(partition);
    }

    /** Filter subject matching the join output of every shard and partition. */
    public String joinSubjects(String pipelineId) {
        return pipelineRoot(pipelineId) + ".join.*.*";
    }

    /**
     * Where a source's events are once its own stages ran: the dedup output if they pass through
     * the dedup stage ({@link Routing#throughDedup}), else the ingest output. The join reads these
     * for its two sides.
     */
    public String sourceOutputSubjects(PipelineDefinition definition, SourceDefinition source) {
        return Routing.throughDedup(definition, source) ? dedupSubjects(definition.id(), source.id())
                : ingestSubjects(definition.id(), source.id());
    }

    /** What the sink reads: the join output if the pipeline joins, else every source's output. */
    public List<String> sinkInputSubjects(PipelineDefinition definition) {
        if (definition.join() != null) {
            return List.of(joinSubjects(definition.id()));
        }
        List<String> subjects = new ArrayList<>();
        for (SourceDefinition source : definition.sources()) {
            subjects.add(sourceOutputSubjects(definition, source));
        }
        return List.copyOf(subjects);
    }

    /**
     * Where dead letters go back in for reprocessing. Each message is one dead letter's original
     * event bytes (one event, not a batch envelope) with its {@code Sluice-Source-Position} header
     * when known; the ingest stage consumes this subject next to Kafka and treats each message as
     * an event read from that position. It lives in the data stream, so a replay is as durable
     * as any ingested batch.
     */
    public String replaySubject(String pipelineId) {
        return pipelineRoot(pipelineId) + ".replay";
    }

    public String deadLetterStream(String pipelineId) {
        return dataStream(pipelineId) + "_DLQ";
    }

    /**
     * A pipeline's lane bell, core NATS only and in no stream: a stage rings it once the first
     * batch it publishes to a subject since it began publishing there is stored, so that the
     * stages finding their lanes among the data stream's subjects look for new ones at once.
     */
    public String laneBellSubject(String pipelineId) {
        return pipelineRoot(pipelineId) + ".lanes";
    }

    public String deadLetterSubject(String pipelineId) {
        return pipelineRoot(pipelineId) + ".dlq";
    }

    /** Filter subject matching the dead-letter subject of every pipeline: one listing of their streams. */
    public String deadLetterSubjects() {
        return this.subjectRoot + ".*.dlq";
    }

    /** KV bucket of the pipeline definitions and desired states, keyed by pipeline id. */
    public String definitionsBucket() {
        return this.bucketRoot + "-definitions";
    }

    /** KV bucket of the workers' status reports and heartbeats. */
    public String statusBucket() {
        return this.bucketRoot + "-status";
    }

    /** The sink stage's own bucket: per lane, the committed stream sequence and the insert in flight. */
    public String sinkProgressBucket() {
        return this.bucketRoot + "-sink-progress";
    }

    /** Heartbeats of the sink replicas, by which they share the lanes of all pipelines out. */
    public String sinkReplicasBucket() {
        return this.bucketRoot + "-sink-replicas";
    }

    /**
     * The ingest stage's KV bucket of where a {@code latest} source started reading each partition
     * of a topic on its first start. Kept without expiry: a source whose Kafka group offsets
     * expired and whose stream holds no batch (nothing arrived yet) still knows it started, and where.
     */
    public String ingestStartsBucket() {
        return this.bucketRoot + "-ingest-starts";
    }

    /**
     * The ingest stage's KV bucket of dead letters it took in again from the replay subject, so a
     * dead letter replayed twice (a retried replay request, after JetStream's duplicate window)
     * enters the data flow once.
     */
    public String replayLedgerBucket() {
        return this.bucketRoot + "-replayed";
    }

    /**
     * The api-service's KV bucket of how many times each dead-lettered event was replayed, keyed by
     * pipeline and the event's identity, so a dead letter that comes back says it was replayed before.
     */
    public String deadLetterReplaysBucket() {
        return this.bucketRoot + "-dlq-replays";
    }

    /**
     * The dedup stage's own bucket: per input lane (one ingest subject, a source partition), the
     * input processed so far and the replica serving the lane under a lease.
     */
    public String dedupLanesBucket() {
        return this.bucketRoot + "-dedup-lanes";
    }

    /** Heartbeats of the dedup replicas running each pipeline, by which they share its lanes out. */
    public String dedupReplicasBucket() {
        return this.bucketRoot + "-dedup-replicas";
    }

    /** The join stage's lanes (one per partition subject of each side's input), as {@link #dedupLanesBucket()}. */
    public String joinLanesBucket() {
        return this.bucketRoot + "-join-lanes";
    }

    /** Heartbeats of the join replicas running each pipeline, by which they share its lanes out. */
    public String joinReplicasBucket() {
        return this.bucketRoot + "-join-replicas";
    }

    /**
     * The {@code Nats-Msg-Id} of an ingest batch, {@code pipeline/source/topic/partition/firstOffset}:
     * the same records always get the same id, so JetStream drops a republish after a crash. The
     * topic is part of it because a source's topic can be edited: the new topic's first batches
     * have the old one's offsets, and must not be dropped as their duplicates.
     */
    public static String batchMessageId(String pipelineId, String sourceId, String topic, int partition,
            long firstOffset) {
        if (firstOffset < 0) {
            throw new IllegalArgumentException("a Kafka offset is not negative, was " + firstOffset);
        }
        // Kafka topic names are letters, digits, '.', '_' and '-': never the separator.
        if (topic == null || topic.isEmpty() || topic.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a Kafka topic is required and has no '/', not \"" + topic + "\"");
        }
        return token("pipeline id", pipelineId) + "/" + token("source id", sourceId) + "/" + topic + "/"
                + partition(partition) + "/" + firstOffset;
    }

    /**
     * The {@code Nats-Msg-Id} of the batch a stage makes from an input batch,
     * {@code stage:inputId} (e.g. {@code dedup:orders/web/shop.orders/3/1200}), so a stage that reprocesses
     * a redelivered input publishes a duplicate that JetStream drops.
     */
    public static String derivedMessageId(String inputMessageId, String stage) {
        if (inputMessageId == null || inputMessageId.isEmpty()) {
            throw new IllegalArgumentException("an input message id is required");
        }
        if (stage == null || !STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("a stage is lower-case letters, digits and '-', not \"" + stage + "\"");
        }
        return stage + ":" + inputMessageId;
    }

    private String pipelineRoot(String pipelineId) {
        return this.subjectRoot + "." + token("pipeline id", pipelineId);
    }

    // Stream names may not hold '.', '*', '>', whitespace or path separators; upper-casing a
    // slug and turning '-' into '_' keeps distinct slugs distinct.
    private static String streamToken(String pipelineId) {
        return token("pipeline id", pipelineId).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A subject token: non-empty, without the separator, wildcards, whitespace or '/', '\'. */
    private static String token(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " is required in a NATS name");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.' || c == '*' || c == '>' || c == '/' || c == '\\' || c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("a " + what
                        + " in a NATS name cannot contain whitespace, '.', '*', '>', '/' or '\\', not \"" + value + "\"");
            }
        }
        return value;
    }

    private static String partition(int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("a Kafka partition is not negative, was " + partition);
        }
        return Integer.toString(partition);
    }

}
