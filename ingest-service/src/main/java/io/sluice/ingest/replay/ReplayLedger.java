package io.sluice.ingest.replay;

import java.io.IOException;

/**
 * The dead letters the ingest stage has taken in again, remembered for as long as dead letters
 * are kept, so that one replayed twice enters the data flow once even when the second replay
 * comes after JetStream's duplicate window (e.g. a replay request retried because removing the
 * dead letter from its queue failed after it was republished).
 */
public interface ReplayLedger {

    /** Creates or updates where the ledger lives; called whenever a pipeline's ingest starts. */
    void ensure() throws IOException;

    /**
     * @param replayId the replayed dead letter's identity (the replay message's {@code Nats-Msg-Id})
     * @throws IOException when the ledger cannot be asked: the answer is unknown, not "no"
     */
    boolean contains(String pipelineId, String replayId) throws IOException;

    /** Records that the replay's output (batch or dead letter) is durable. */
    void add(String pipelineId, String replayId) throws IOException;
}
