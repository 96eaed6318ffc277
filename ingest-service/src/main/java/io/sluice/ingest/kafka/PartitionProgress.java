package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.sluice.ingest.publish.PublishOutcome;

/**
 * Where one assigned partition stands, and what each event means for it. Pure: its caller does
 * the reading, publishing, pausing and committing it decides, on the Kafka consumer thread.
 *
 * <p>A partition is either <em>reading</em> or <em>recovering</em>: paused until, at
 * {@link #recoveryDue}, its position is read from the stream again ({@link #resumed}). It starts
 * recovering when assigned (nothing is read before the stream said where it stands), when a
 * publish fails (after a backoff) and when JetStream says its batch was stored before (at once).
 * Either way it may have one batch in flight, never more: see docs/ingest.md for why ordering
 * and resuming depend on that.
 *
 * <p>Offsets: {@code durable} only moves to what JetStream acknowledged, so only that is ever
 * committed to Kafka. The counters' watermarks make a re-read after a seek back count nothing
 * twice; they never decide what is published.
 */
final class PartitionProgress {

    private final RetryBackoff backoff;

    /** Every offset below is stored in a stream, or before where this replica took over; -1 unknown. */
    private long durable = -1;

    /** The last offset committed to Kafka; -1 none or a failed commit. */
    private long committed = -1;

    /** The offset after the last record handed to the chunker. */
    private long position;

    /** Counters only: offsets below these were counted once and are not counted again when re-read. */
    private long readCounted;

    private long publishedCounted;

    private long deadLettersCounted;

    private InFlight inFlight;

    /**
     * Batches sent since the last resume whose storing was not confirmed (refused, acknowledgement
     * lost or late, or stored before): the next resume counts those the stream then holds.
     */
    private final List<InFlight> unconfirmed = new ArrayList<>(2);

    private boolean recovering;

    private long retryAt;

    /** Failures in a row, for the backoff; only a stored batch resets them. */
    private int failures;

    private PartitionProgress(RetryBackoff backoff) {
        this.backoff = backoff;
    }

    /** A partition just assigned: recovering, due at once. */
    static PartitionProgress assigned(RetryBackoff backoff, long now) {
        PartitionProgress progress = new PartitionProgress(backoff);
        progress.recoverAt(now);
        return progress;
    }

    /** Whether records Kafka returns for the partition are to be read (not while it recovers). */
    boolean reading() {
        return !recovering;
    }

    boolean recoveryDue(long now) {
        return recovering && now - retryAt >= 0;
    }

    /** Nanoseconds until the recovery is due (at most 0 once it is), or {@link Long#MAX_VALUE} while reading. */
    long untilRecovery(long now) {
        return recovering ? retryAt - now : Long.MAX_VALUE;
    }

    /** The offset after the last record read, where reading is expected to go on. */
    long position() {
        return position;
    }

    /**
     * The records of a poll from the position on: those before it were fetched before a seek
     * back, and the consumer returns them again from the new position.
     *
     * @param records of this partition, in offset order, at least one
     */
    Unread unread(List<SourceRecord> records) {
        long first = records.get(0).offset();
        if (first < position) {
            return new Unread(records.stream().filter(record -> record.offset() >= position).toList(), false);
        }
        return new Unread(records, first > position);
    }

    /**
     * The records were handed to the chunker: the position moves after them.
     *
     * @param records from {@link #unread}, at least one
     * @return how many of them were never counted as read before
     */
    long read(List<SourceRecord> records) {
        long last = records.get(records.size() - 1).offset();
        position = last + 1;
        if (last < readCounted) {
            return 0;
        }
        long fresh = records.get(0).offset() >= readCounted ? records.size()
                : records.stream().filter(record -> record.offset() >= readCounted).count();
        readCounted = last + 1;
        return fresh;
    }

    /**
     * JetStream acknowledged the dead letters at these offsets.
     *
     * @param offsets in order, at least one
     * @return how many were never counted before
     */
    long deadLettersStored(List<Long> offsets) {
        long fresh = offsets.stream().filter(offset -> offset >= deadLettersCounted).count();
        deadLettersCounted = Math.max(deadLettersCounted, offsets.get(offsets.size() - 1) + 1);
        return fresh;
    }

    boolean awaitingAck() {
        return inFlight != null;
    }

    /** A batch was published; the previous one must have been settled. */
    void sent(long firstOffset, long lastOffset, int records) {
        if (inFlight != null) {
            throw new IllegalStateException("partition has a batch in flight from offset " + inFlight.firstOffset);
        }
        inFlight = new InFlight(firstOffset, lastOffset, records, lastOffset + 1);
    }

    /**
     * Everything up to {@code nextOffset} was read, and its dead letters are acknowledged: it is
     * durable now if no batch is in flight, else once that batch is stored.
     */
    void readThrough(long nextOffset) {
        if (inFlight != null) {
            inFlight = inFlight.durableAfter(Math.max(inFlight.durableAfter, nextOffset));
        } else {
            durable = Math.max(durable, nextOffset);
        }
    }

    /** JetStream answered for the batch in flight, while reading on. */
    Settlement settle(PublishOutcome outcome, long now) {
        InFlight settled = inFlight;
        if (outcome == PublishOutcome.ALREADY_STORED) {
            // A batch from this offset was stored before (a publish that timed out but landed):
            // it may end elsewhere than ours, so the stream tells where to go on.
            unconfirmed.add(settled);
            inFlight = null;
            recoverAt(now);
            return new Settlement.StoredBefore(settled.firstOffset);
        }
        long published = closeInFlight(true);
        failures = 0;
        return new Settlement.Stored(published);
    }

    /**
     * The batch in flight was not confirmed (JetStream refused it, or its acknowledgement never
     * came): the partition recovers, and the resume counts the batch if the stream holds it.
     *
     * @return as {@link #failed}
     */
    Optional<Duration> settleFailed(long now) {
        if (inFlight != null) {
            unconfirmed.add(inFlight);
        }
        inFlight = null;
        return failed(now);
    }

    /**
     * A publish was not confirmed, or reading failed: the partition recovers after a backoff,
     * keeping its batch in flight (if any) for {@link #closeInFlight} to settle.
     *
     * @return the wait before it reads its position again; empty if it was recovering already
     */
    Optional<Duration> failed(long now) {
        if (recovering) {
            return Optional.empty();
        }
        Duration wait = backoff.after(failures++);
        recoverAt(now + wait.toNanos());
        return Optional.of(wait);
    }

    /**
     * Ends the batch in flight before the partition resumes or is given up: its acknowledgement
     * settles what is durable only if JetStream said it stored it now ({@code stored}).
     *
     * @return how many of its records were never counted as published before
     */
    long closeInFlight(boolean stored) {
        InFlight closing = inFlight;
        inFlight = null;
        if (closing == null) {
            return 0;
        }
        if (!stored) {
            unconfirmed.add(closing);
            return 0;
        }
        durable = Math.max(durable, closing.durableAfter);
        return countPublished(closing);
    }

    /** How many of the batch's records were never counted as published; counts them. */
    private long countPublished(InFlight batch) {
        long counted = Math.max(batch.firstOffset, publishedCounted);
        if (counted > batch.lastOffset) {
            return 0;
        }
        publishedCounted = batch.lastOffset + 1;
        return Math.min(batch.records, batch.lastOffset + 1 - counted);
    }

    /**
     * What this replica knows durable, -1 nothing. While it owns the partition nobody else
     * commits, so once it knows something the group's committed offset tells nothing more.
     */
    long knownDurable() {
        return durable;
    }

    /** Where to resume could not be told: try again after a backoff. */
    Duration cannotResume(long now) {
        Duration wait = backoff.after(failures++);
        retryAt = now + wait.toNanos();
        return wait;
    }

    /** As {@link #resumed(long, long)}, with nothing lost to retention before {@code offset}. */
    long resumed(long offset) {
        return resumed(offset, offset);
    }

    /**
     * Sought to {@code offset}, which the stream says is durable: reading resumes there.
     *
     * @param storedEnd the offset after what the stream holds: {@code offset}, unless retention
     *                  deleted offsets from here on before they were stored (a gap)
     * @return how many records of the batches sent without a confirmation the stream holds (their
     *         acknowledgement was lost, or they landed late): published, though never counted so
     */
    long resumed(long offset, long storedEnd) {
        long landed = 0;
        for (InFlight batch : unconfirmed) {
            if (batch.lastOffset < storedEnd) {
                landed += countPublished(batch);
            }
        }
        unconfirmed.clear();
        durable = offset;
        position = offset;
        readCounted = Math.max(readCounted, offset);
        publishedCounted = Math.max(publishedCounted, offset);
        deadLettersCounted = Math.max(deadLettersCounted, offset);
        recovering = false;
        return landed;
    }

    /** The offset to commit now, if what is durable moved past the last commit; taken as committed. */
    OptionalLong commitDue() {
        if (durable <= committed) {
            return OptionalLong.empty();
        }
        committed = durable;
        return OptionalLong.of(durable);
    }

    /** The commit {@link #commitDue} gave did not succeed: the next one commits again. */
    void commitFailed() {
        committed = -1;
    }

    /** The offset to commit as the partition is given up (revoked, or the consumer stops), if any. */
    OptionalLong finalCommit() {
        return durable > committed ? OptionalLong.of(durable) : OptionalLong.empty();
    }

    /** Whether everything read is durable and nothing is in flight or recovering: a quiet partition. */
    boolean settled() {
        return !recovering && inFlight == null && durable == position;
    }

    /**
     * The offset to commit as the source rests: the consumer's position when the partition is
     * {@link #settled}, so that the commit lands past transaction markers and compacted offsets
     * after the last record read (the consumer skips them, the topic's end offset counts them, and
     * the rest's watcher compares the two); else {@link #finalCommit}.
     */
    OptionalLong restCommit(long consumerPosition) {
        if (!settled() || consumerPosition < durable) {
            return finalCommit();
        }
        return consumerPosition > committed ? OptionalLong.of(consumerPosition) : OptionalLong.empty();
    }

    private void recoverAt(long time) {
        recovering = true;
        retryAt = time;
    }

    /**
     * The records of a poll to read.
     *
     * @param skipped whether Kafka returned a later offset than the position: for the caller to
     *                check whether retention deleted the ones between
     */
    record Unread(List<SourceRecord> records, boolean skipped) {
    }

    /** What an acknowledgement of the batch in flight means for reading on. */
    sealed interface Settlement {

        /** Stored: read on. */
        record Stored(long newlyPublished) implements Settlement {
        }

        /** A batch from the same first offset was stored before: the partition recovers at once. */
        record StoredBefore(long firstOffset) implements Settlement {
        }
    }

    /** @param durableAfter what is durable once this batch is: its end, or later if the dead letters after it were acknowledged */
    private record InFlight(long firstOffset, long lastOffset, int records, long durableAfter) {

        InFlight durableAfter(long offset) {
            return new InFlight(firstOffset, lastOffset, records, offset);
        }
    }
}
