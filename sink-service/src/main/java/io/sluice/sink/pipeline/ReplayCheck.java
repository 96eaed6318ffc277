package io.sluice.sink.pipeline;

import java.util.List;

import io.sluice.sink.batch.ReadMessage;
import io.sluice.sink.progress.Intent;

/**
 * Whether the messages read for a recorded insert are the block that was recorded. Pure.
 *
 * <p>The reader guarantees the range's last message arrived; a message before it may still have
 * left the stream (its max age passed, someone deleted it). A block of what is left would carry
 * other rows under another deduplication identity, so it must never be inserted in place of the
 * recorded one.
 */
final class ReplayCheck {

    private ReplayCheck() {
    }

    static void verify(Intent intent, List<ReadMessage> messages) throws RangeGoneException {
        if (!intent.hasShape()) {
            // Recorded by a version that did not count: the reader's own check is all there is.
            return;
        }
        long records = records(messages);
        if (messages.size() != intent.messages() || records != intent.records()) {
            throw new RangeGoneException(intent.fromSeq(), intent.toSeq(), messages.size(), "it was recorded with "
                    + intent.messages() + " message(s) of " + intent.records() + " record(s), the stream now holds "
                    + records + " record(s) of it, messages are gone");
        }
    }

    static long records(List<ReadMessage> messages) {
        long records = 0;
        for (ReadMessage message : messages) {
            records += message.records();
        }
        return records;
    }
}
