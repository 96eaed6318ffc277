package io.sluice.testsupport;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;

/**
 * Removes the JetStream streams (and KV buckets, which are streams too) that tests leave behind.
 *
 * <p>Why it matters: every stream Sluice creates has a max-bytes limit, and JetStream reserves that
 * limit out of the server's storage whether or not the bytes are written. A few hundred leftover
 * test streams of 1 GiB each exhaust a 60 GB server, after which every new stream fails with
 * "insufficient storage resources available" — for the tests and for anything else on the server.
 */
public final class JetStreamJanitor {

    // What TestNamespace ids become in NATS names: T_<class>_<suffix>_SLUICE_… streams,
    // KV_t_<class>_<suffix>-sluice-… buckets.
    private static final Pattern TEST_STREAM = Pattern.compile("^(kv_|obj_)?t_[a-z0-9]{1,20}_[a-z0-9]{1,6}([_-].*)?$");

    private JetStreamJanitor() {
    }

    /** Deletes every stream and bucket of these namespaces. */
    public static int removeNamespaces(String natsUrl, Collection<TestNamespace> namespaces) {
        if (namespaces.isEmpty()) {
            return 0;
        }
        return remove(natsUrl, (info) -> namespaces.stream().anyMatch((ns) -> belongsTo(info.getConfiguration().getName(), ns)));
    }

    /**
     * Deletes test streams created longer ago than {@code olderThan}: those of runs that were killed
     * before they could clean up. Younger ones may belong to a test running right now.
     */
    public static int removeStale(String natsUrl, Duration olderThan) {
        ZonedDateTime cutoff = ZonedDateTime.now().minus(olderThan);
        return remove(natsUrl, (info) -> isTestStream(info.getConfiguration().getName())
                && info.getCreateTime() != null && info.getCreateTime().isBefore(cutoff));
    }

    static boolean isTestStream(String name) {
        return TEST_STREAM.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    static boolean belongsTo(String streamName, TestNamespace namespace) {
        String name = streamName.toLowerCase(Locale.ROOT);
        String id = namespace.id();
        for (String start : new String[] {id, "kv_" + id, "obj_" + id}) {
            if (name.startsWith(start) && (name.length() == start.length()
                    || name.charAt(start.length()) == '_' || name.charAt(start.length()) == '-')) {
                return true;
            }
        }
        return false;
    }

    private static int remove(String natsUrl, Predicate<StreamInfo> selection) {
        Options options = Options.builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(2)).maxReconnects(0)
                .build();
        int removed = 0;
        try (Connection connection = Nats.connect(options)) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (StreamInfo info : jsm.getStreams()) {
                if (selection.test(info)) {
                    try {
                        jsm.deleteStream(info.getConfiguration().getName());
                        removed++;
                    } catch (Exception e) {
                        // Deleted meanwhile by someone else, or the server refused: a leftover, not a failure.
                    }
                }
            }
        } catch (Exception e) {
            // Cleaning up must never fail a test: at worst the streams stay until the next run.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return removed;
    }
}
