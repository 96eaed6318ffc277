package io.sluice.join.output;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.sluice.join.state.Fate;
import io.sluice.join.state.RedisJoinStore;
import io.sluice.join.state.StateEvent;
import io.sluice.model.deadletter.DeadLetter;
import io.sluice.model.definition.JoinType;
import io.sluice.model.envelope.Batch;
import io.sluice.model.envelope.BatchCodec;
import io.sluice.model.envelope.BatchRecord;
import io.sluice.model.envelope.SourcePosition;
import io.sluice.model.filter.Filter;
import io.sluice.model.join.JoinedRows;
import io.sluice.model.key.EventFields;
import io.sluice.model.key.InvalidEventException;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.StoredMessages;
import io.sluice.worker.deadletter.DeadLetterPublisher;

/**
 * Publishes one shard's outbox, exactly once whatever crashes: the rows of joined (and, for a
 * {@code left} join, unmatched) left events as batches the sink reads, and the events a cap
 * refused or the join could not key as dead letters.
 *
 * <p>Each partition of the left source has its own subject per shard
 * ({@link NatsNames#joinSubject}), which holds that partition's share of the outbox in order
 * without gaps: a partition's messages are published one after the other, each carrying the id of
 * the last outbox entry it covers ({@link #OUTBOX_ID_HEADER}), while the partitions are published
 * side by side. Whoever publishes the shard next (this replica after a failure, or another after
 * taking the shard over) reads each subject's last message and publishes only the entries after
 * it, however long ago that was (the purge keeps each subject's last message). Every publish names
 * the subject sequence it follows (JetStream's expected last subject sequence), so two publishers
 * of one shard (a lease that ran out on a slow replica) cannot both extend a subject: the loser's
 * publish is refused and it reads the subjects again. Exactly-once thus rests on neither the lease
 * nor JetStream's duplicate window. Entries are trimmed from the outbox once a step published them
 * all. Entries that give no row (an {@code inner} join's unmatched event, a row the filter drops,
 * a dead letter) still advance their partition's subject: they ride on its next message, or on a
 * message without records.
 */
public final class ShardPublisher {

    /** Header of a join output message: the id of the last outbox entry it covers. */
    public static final String OUTBOX_ID_HEADER = "Sluice-Outbox-Id";

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    // A NATS message holds 1 MiB by default; rows beyond this go into the next message.
    private static final int MAX_MESSAGE_BYTES = 900 * 1024;

    /**
     * @param maxEntries outbox entries read and published per step
     */
    public record Settings(String pipelineId, int shard, JoinType type, int maxEntries) {
    }

    /**
     * What one step did, for metrics.
     *
     * @param rows      rows published: joined ones and a left join's unmatched ones, less the filtered
     * @param joined    left events that met a partner (a row each, unless the filter drops it)
     * @param unmatched left events whose window ended without a partner
     */
    public record Published(int entries, int rows, int joined, int unmatched, int filtered, int deadLetters) {

        static final Published NOTHING = new Published(0, 0, 0, 0, 0, 0);
    }

    private final Settings settings;
    private final RedisJoinStore store;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final NatsNames names;
    private final JoinedRows rows;
    private final Filter filter;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;
    private final String stream;
    // Per left partition: the last outbox entry its subject holds, and that message's sequence.
    private Map<Integer, String> publishedThrough;
    private final Map<Integer, Long> subjectSequences = new ConcurrentHashMap<>();

    /** @param filter applied to each joined row; null for none */
    public ShardPublisher(Settings settings, RedisJoinStore store, JetStream jetStream, JetStreamManagement management,
            NatsNames names, JoinedRows rows, Filter filter, DeadLetterPublisher deadLetters, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.jetStream = jetStream;
        this.management = management;
        this.names = names;
        this.rows = rows;
        this.filter = filter;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.stream = names.dataStream(settings.pipelineId());
    }

    /**
     * Publishes the next entries of the outbox, if any.
     * @throws Exception on a NATS or Redis failure: nothing is lost, the next step starts over from
     *                   what the subjects show published
     */
    public Published publishOnce() throws Exception {
        try {
            return step();
        } catch (Exception | Error e) {
            // What was stored before the failure is read back from the subjects next time.
            publishedThrough = null;
            throw e;
        }
    }

    private Published step() throws Exception {
        if (publishedThrough == null) {
            readSubjects();
        }
        // From the outbox's start: what is trimmed is published, what is left may be in part (a
        // step that died before its trim), which the subjects tell.
        List<Fate> fates = store.outbox(settings.shard(), null, settings.maxEntries())
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (fates.isEmpty()) {
            return Published.NOTHING;
        }
        Map<Integer, List<Group>> groups = new TreeMap<>();
        List<CompletableFuture<PublishAck>> deadLetterAcks = new ArrayList<>();
        int entries = 0;
        int rowCount = 0;
        int joined = 0;
        int unmatched = 0;
        int filtered = 0;
        for (Fate fate : fates) {
            SourcePosition position = SourcePosition.parse(fate.position());
            String through = publishedThrough.get(position.partition());
            if (through != null && compare(fate.id(), through) <= 0) {
                continue;
            }
            entries++;
            List<Group> partition = groups.computeIfAbsent(position.partition(), p -> new ArrayList<>());
            Group group = partition.isEmpty() ? null : partition.get(partition.size() - 1);
            if (group == null || group.bytes > MAX_MESSAGE_BYTES) {
                group = new Group(position.topic(), position.partition());
                partition.add(group);
            }
            group.lastId = fate.id();
            switch (fate.kind()) {
                case JOINED, UNMATCHED -> {
                    if (fate.kind() == Fate.Kind.JOINED) {
                        joined++;
                    } else {
                        unmatched++;
                        if (settings.type() != JoinType.LEFT) {
                            continue;
                        }
                    }
                    byte[] row;
                    try {
                        row = rows.row(StateEvent.json(fate.left()), fate.right() == null ? null : StateEvent.json(fate.right()));
                    } catch (InvalidEventException e) {
                        deadLetterAcks.add(deadLetter(fate, position, e.getMessage(), StateEvent.json(fate.left())));
                        continue;
                    }
                    if (filter != null && !filter.evaluate(EventFields.parse(row))) {
                        filtered++;
                        continue;
                    }
                    group.records.add(new BatchRecord(position.offset(), StateEvent.timestamp(fate.left()), null, row));
                    group.bytes += row.length + 24;
                    rowCount++;
                }
                case OVERFLOW, INVALID -> {
                    byte[] original = fate.left() != null ? fate.left() : fate.right();
                    deadLetterAcks.add(deadLetter(fate, position, fate.reason(), StateEvent.json(original)));
                }
            }
        }
        // Dead letters first: once a message covering their entries is stored, they are never sent again.
        for (CompletableFuture<PublishAck> ack : deadLetterAcks) {
            requireStored(ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        // Each partition's messages one after the other (each names the sequence it follows), the
        // partitions side by side.
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (Map.Entry<Integer, List<Group>> partition : groups.entrySet()) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Group group : partition.getValue()) {
                chain = chain.thenCompose(ignored -> publish(group));
            }
            chains.add(chain);
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        store.trimOutbox(settings.shard(), fates.get(fates.size() - 1).id()).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return entries == 0 ? Published.NOTHING : new Published(entries, rowCount, joined, unmatched, filtered, deadLetterAcks.size());
    }

    private CompletableFuture<Void> publish(Group group) {
        String subject = names.joinSubject(settings.pipelineId(), settings.shard(), group.partition);
        Headers headers = new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, messageId(group.partition, group.lastId))
                .put(OUTBOX_ID_HEADER, group.lastId);
        byte[] body = BatchCodec.encode(new Batch(group.topic, group.partition, group.records));
        return jetStream.publishAsync(NatsMessage.builder().subject(subject).headers(headers).data(body).build(),
                PublishOptions.builder().expectedStream(stream)
                        .expectedLastSubjectSequence(subjectSequences.getOrDefault(group.partition, 0L)).build())
                .thenAccept(ack -> {
                    requireStored(ack);
                    subjectSequences.put(group.partition, ack.getSeqno());
                    publishedThrough.put(group.partition, group.lastId);
                });
    }

    private CompletableFuture<PublishAck> deadLetter(Fate fate, SourcePosition position, String reason, byte[] original) {
        return deadLetters.publish(new DeadLetter(settings.pipelineId(), DeadLetter.JOIN, reason, position, clock.instant(),
                original), "join:" + settings.pipelineId() + ":" + settings.shard() + ":" + fate.id() + ":dead");
    }

    private String messageId(int partition, String outboxId) {
        return "join:" + settings.pipelineId() + ":" + settings.shard() + "." + partition + ":" + outboxId;
    }

    /** What each partition's subject of the shard holds last: its outbox entry and sequence. */
    private void readSubjects() throws Exception {
        Map<Integer, String> through = new ConcurrentHashMap<>();
        subjectSequences.clear();
        List<Subject> subjects = management.getStreamInfo(stream,
                StreamInfoOptions.filterSubjects(names.joinShardSubjects(settings.pipelineId(), settings.shard())))
                .getStreamState().getSubjects();
        for (Subject subject : subjects == null ? List.<Subject>of() : subjects) {
            Optional<MessageInfo> last = StoredMessages.last(management, stream, subject.getName());
            if (last.isEmpty()) {
                continue;
            }
            int partition = Integer.parseInt(subject.getName().substring(subject.getName().lastIndexOf('.') + 1));
            subjectSequences.put(partition, last.get().getSeq());
            String id = last.get().getHeaders() == null ? null : last.get().getHeaders().getFirst(OUTBOX_ID_HEADER);
            if (id != null) {
                through.put(partition, id);
            }
        }
        publishedThrough = through;
    }

    /** Orders two outbox ids ({@code <ms>-<seq>}) as Redis does. */
    static int compare(String first, String second) {
        int a = first.indexOf('-');
        int b = second.indexOf('-');
        int byTime = Long.compare(Long.parseLong(first.substring(0, a)), Long.parseLong(second.substring(0, b)));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(first.substring(a + 1)), Long.parseLong(second.substring(b + 1)));
    }

    private static void requireStored(PublishAck ack) {
        if (ack.hasError()) {
            throw new IllegalStateException("JetStream refused a join output: " + ack.getError());
        }
    }

    private static final class Group {
        final String topic;
        final int partition;
        final List<BatchRecord> records = new ArrayList<>();
        String lastId;
        long bytes;

        Group(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }
    }
}
