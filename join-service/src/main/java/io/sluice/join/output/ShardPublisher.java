package io.sluice.join.output;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
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
import io.sluice.model.key.EventFields;
import io.sluice.model.key.InvalidEventException;
import io.sluice.model.nats.NatsNames;
import io.sluice.worker.deadletter.DeadLetterPublisher;
import io.sluice.worker.nats.StoredMessages;

/**
 * Publishes one shard's outbox to its join subject, exactly once, whatever crashes: the rows of
 * joined (and, for a {@code left} join, unmatched) left events as batches the sink reads, and the
 * events a cap refused as dead letters.
 *
 * <p>The subject holds the outbox in order without gaps: each message is published only once the
 * one before is stored, and carries the id of the last outbox entry it covers
 * ({@link #OUTBOX_ID_HEADER}). Whoever publishes the shard next (this replica after a failure, or
 * another after taking the shard over) reads the subject's last message and publishes only the
 * entries after it, however long ago that was (the purge keeps the last message). Every publish
 * names the subject sequence it follows (JetStream's expected last subject sequence), so two
 * publishers of one shard (a lease that ran out on a slow replica) cannot both extend the
 * subject: the loser's publish is refused and it reads the subject again. Exactly-once thus rests
 * on neither the lease nor JetStream's duplicate window. Entries are trimmed from the outbox once
 * published. Entries that give no row (an {@code inner} join's
 * unmatched event, a row the filter drops, a dead letter) still advance the subject: they ride on
 * the next message, or on a message without records.
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

    /** What one step did, for metrics. */
    public record Published(int entries, int rows, int unmatched, int filtered, int deadLetters) {

        static final Published NOTHING = new Published(0, 0, 0, 0, 0);
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
    private final String subject;
    private String publishedThrough;
    private long subjectSequence;

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
        this.subject = names.joinSubject(settings.pipelineId(), settings.shard());
    }

    /**
     * Publishes the next entries of the outbox, if any.
     * @throws Exception on a NATS or Redis failure: nothing is lost, the next step starts over from
     *                   what the subject shows published
     */
    public Published publishOnce() throws Exception {
        try {
            return step();
        } catch (Exception | Error e) {
            // What was stored before the failure is read back from the subject next time.
            publishedThrough = null;
            throw e;
        }
    }

    private Published step() throws Exception {
        if (publishedThrough == null) {
            publishedThrough = lastPublished();
            if (!publishedThrough.isEmpty()) {
                // Published by a step that died before trimming.
                store.trimOutbox(settings.shard(), publishedThrough).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        List<Fate> fates = store.outbox(settings.shard(), publishedThrough.isEmpty() ? null : publishedThrough,
                settings.maxEntries()).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (fates.isEmpty()) {
            return Published.NOTHING;
        }
        List<Group> groups = new ArrayList<>();
        List<CompletableFuture<PublishAck>> deadLetterAcks = new ArrayList<>();
        int rowCount = 0;
        int unmatched = 0;
        int filtered = 0;
        for (Fate fate : fates) {
            SourcePosition position = SourcePosition.parse(fate.position());
            Group group = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (group == null || !group.topic.equals(position.topic()) || group.partition != position.partition()
                    || group.bytes > MAX_MESSAGE_BYTES) {
                group = new Group(position.topic(), position.partition());
                groups.add(group);
            }
            group.lastId = fate.id();
            switch (fate.kind()) {
                case JOINED, UNMATCHED -> {
                    if (fate.kind() == Fate.Kind.UNMATCHED) {
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
        for (Group group : groups) {
            publish(group);
        }
        String last = fates.get(fates.size() - 1).id();
        publishedThrough = last;
        store.trimOutbox(settings.shard(), last).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new Published(fates.size(), rowCount, unmatched, filtered, deadLetterAcks.size());
    }

    private void publish(Group group) throws Exception {
        Headers headers = new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, messageId(group.lastId))
                .put(OUTBOX_ID_HEADER, group.lastId);
        byte[] body = BatchCodec.encode(new Batch(group.topic, group.partition, group.records));
        PublishAck ack = jetStream.publishAsync(NatsMessage.builder().subject(subject).headers(headers).data(body).build(),
                PublishOptions.builder().expectedStream(names.dataStream(settings.pipelineId()))
                        .expectedLastSubjectSequence(subjectSequence).build())
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        requireStored(ack);
        subjectSequence = ack.getSeqno();
    }

    private CompletableFuture<PublishAck> deadLetter(Fate fate, SourcePosition position, String reason, byte[] original) {
        return deadLetters.publish(new DeadLetter(settings.pipelineId(), DeadLetter.JOIN, reason, position, clock.instant(),
                original), messageId(fate.id()) + ":dead");
    }

    private String messageId(String outboxId) {
        return "join:" + settings.pipelineId() + ":" + settings.shard() + ":" + outboxId;
    }

    private String lastPublished() throws Exception {
        Optional<MessageInfo> last = StoredMessages.last(management, names.dataStream(settings.pipelineId()), subject);
        subjectSequence = last.map(MessageInfo::getSeq).orElse(0L);
        return last.map(MessageInfo::getHeaders).map(headers -> headers.getFirst(OUTBOX_ID_HEADER)).orElse("");
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
