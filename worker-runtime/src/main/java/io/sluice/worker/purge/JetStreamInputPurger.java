package io.sluice.worker.purge;

import io.nats.client.Connection;
import io.nats.client.PurgeOptions;

/**
 * {@link InputPurger} with JetStream's filtered purge ({@code subject} and {@code seq}: remove the
 * subject's messages below a sequence). A filtered purge leaves the stream's duplicate window alone,
 * so a batch republished after a crash is still dropped by its {@code Nats-Msg-Id} even when its
 * first copy was already purged (tested against the real server).
 */
public final class JetStreamInputPurger implements InputPurger {

    private final Connection connection;

    public JetStreamInputPurger(Connection connection) {
        this.connection = connection;
    }

    @Override
    public long purgeBefore(String stream, String subject, long keptSeq) throws Exception {
        if (keptSeq <= 1) {
            return 0;
        }
        return connection.jetStreamManagement()
                .purgeStream(stream, PurgeOptions.builder().subject(subject).sequence(keptSeq).build())
                .getPurged();
    }
}
