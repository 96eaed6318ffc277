package io.sluice.api.deadletter;

import java.time.Instant;

import io.sluice.model.deadletter.DeadLetterMessage;

/**
 * A dead letter as the stream holds it.
 *
 * @param sequence its sequence in the dead-letter stream
 * @param storedAt when the stream stored it
 * @param message the message as published
 */
record StoredDeadLetter(long sequence, Instant storedAt, DeadLetterMessage message) {
}
