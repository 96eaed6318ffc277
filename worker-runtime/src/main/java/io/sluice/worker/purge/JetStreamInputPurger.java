package io.sluice.worker.purge;

import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.sluice.model.nats.NatsNames;
import io.sluice.nats.StoredMessages;

/**
 * {@link InputPurger} with JetStream's filtered purge ({@code subject} and {@code seq}: remove the
 * subject's messages below a sequence). A filtered purge leaves the stream's duplicate window alone,
 * so a batch republished after a crash is still dropped by its {@code Nats-Msg-Id} even when its
 * first copy was already purged (tested against the real server).
 */
public final class JetStreamInputPurger implements InputPurger {

    private final Connection connection;
    private final NatsNames names;

    public JetStreamInputPurger(Connection connection, NatsNames names) {
        this.connection = connection;
        this.names = names;
    }

    @Override
    public long purgeProcessed(String stream, String filterSubject, long processedSeq) throws Exception {
        if (processedSeq < 1) {
            return 0;
        }
        JetStreamManagement jsm = connection.jetStreamManagement();
        if (!names.keepsLastMessage(filterSubject)) {
            return purge(jsm, stream, filterSubject, PurgePoint.below(processedSeq, 0, false));
        }
        // Ingest and dedup output subjects: purge each lane's subject on its own, below its last message.
        List<Subject> subjects = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(filterSubject))
                .getStreamState().getSubjects();
        long purged = 0;
        for (Subject subject : subjects) {
            purged += purge(jsm, stream, subject.getName(), PurgePoint.below(processedSeq, lastSeq(jsm, stream, subject.getName()), true));
        }
        return purged;
    }

    private static long purge(JetStreamManagement jsm, String stream, String subject, long below) throws Exception {
        if (below == PurgePoint.NOTHING) {
            return 0;
        }
        return jsm.purgeStream(stream, PurgeOptions.builder().subject(subject).sequence(below).build()).getPurged();
    }

    private static long lastSeq(JetStreamManagement jsm, String stream, String subject) throws Exception {
        return StoredMessages.last(jsm, stream, subject).map(MessageInfo::getSeq).orElse(0L);
    }
}
