package io.sluice.worker.purge;

/**
 * Removes input a stage has durably processed from its stream; see {@link PurgePoint} for why and
 * what stays. Callers purge only after their progress past {@code processedSeq} is recorded, so a
 * replica taking over never looks for a purged message.
 */
public interface InputPurger {

    /**
     * Purges the messages on {@code filterSubject} (one subject or a wildcard) up to and including
     * {@code processedSeq}, keeping the last message of every ingest subject it matches.
     *
     * @return how many messages were removed
     */
    long purgeProcessed(String stream, String filterSubject, long processedSeq) throws Exception;
}
