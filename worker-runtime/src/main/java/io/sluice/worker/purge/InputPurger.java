package io.sluice.worker.purge;

import java.util.Map;

/**
 * Removes input a stage has durably processed from its stream, so that a busy pipeline does not
 * fill the stream's limits (which would make JetStream refuse new batches and stall ingest) long
 * before nobody needs the data.
 *
 * <p>Each subject is purged only <em>below</em> the last message of it the stage processed: that
 * message stays. Three things rest on that rule:
 * <ul>
 * <li>Ingest resumes a Kafka partition from the offset in the last message of its subject, and a
 * dedup lane taken over resumes after the input named by the last message of its output subject
 * (JetStream last-message-by-subject): a subject's last message is never older than its last
 * processed one, so it always stays.
 * <li>Lanes are found from the subjects the stream holds: a subject never empties by a purge.
 * <li>A purge of one subject moves every consumer whose filter <em>covers</em> that subject
 * (a sink reading all lanes of a source through a wildcard) to the subject's first remaining
 * message, even past other subjects' messages it has not delivered yet (nats-server 2.9.10, the
 * one Debian ships; fixed upstream by nats-server pull request 3838). Another sink replica reads
 * from the committed sequence on; as the first remaining message is one already committed, no
 * reader is ever moved past a message it still needs. Purging through the processed message
 * instead cost two sink replicas whole batches, silently (tested against the real server).
 * </ul>
 * Callers purge only after their progress past {@code keptSeq} is recorded, so a replica taking
 * over never looks for a purged message.
 */
public interface InputPurger {

    /**
     * Removes the messages of {@code subject} (one subject, no wildcard) stored before
     * {@code keptSeq}, the last message of that subject the stage processed durably; it stays.
     *
     * @return how many messages were removed
     */
    long purgeBefore(String stream, String subject, long keptSeq) throws Exception;

    /** Purges each subject {@code points} has due below its message, and marks it done. */
    default void purgeDue(String stream, PurgePoints points) throws Exception {
        for (Map.Entry<String, Long> point : points.due().entrySet()) {
            purgeBefore(stream, point.getKey(), point.getValue());
            points.purged(point.getKey(), point.getValue());
        }
    }
}
