package io.sluice.ingest.publish;

/** What JetStream did with a message it confirmed. */
public enum PublishOutcome {

    /** Stored now. */
    STORED,

    /**
     * A message with the same {@code Nats-Msg-Id} was stored before, inside the duplicate
     * window, so this one was dropped: durable either way, but the stored one may differ (a batch
     * with the same first offset that covered more or fewer records).
     */
    ALREADY_STORED
}
