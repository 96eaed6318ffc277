package io.sluice.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches resting sources with one Kafka admin client per Kafka cluster and one thread for all:
 * every {@code checkEvery} it asks each cluster for the last stable offsets of the resting sources'
 * partitions (one request per broker, whatever their number), reads what a source's group
 * committed and who is in it when its topic's end moved (else every 30 s), and wakes the sources
 * {@link RestDecision} says must.
 *
 * <p>A source rests only after its loop committed its partitions' positions (past transaction
 * markers), so a group whose members all rested is behind exactly when a record came that no
 * member read: one produced since, or one a replica that died before resting left unread.
 */
public final class KafkaSourceRests implements SourceRests {

    private static final Logger log = LoggerFactory.getLogger(KafkaSourceRests.class);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How often a resting source's group and its topic's partitions are read though its topic's end
     * did not move: a member that died without resting is seen this much after Kafka removed it, a
     * partition added meanwhile this much after it was.
     */
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final Duration restAfter;

    private final long backlog;

    private final Duration refresh;

    private final ScheduledExecutorService timer;

    // Guarded by itself: the resting sources by the cluster they read.
    private final Map<Map<String, Object>, Cluster> clusters = new HashMap<>();

    /**
     * @param restAfter  how long a source must be quiet before it rests
     * @param checkEvery how often the watcher asks Kafka: how late a resting source wakes, at most
     * @param backlog    records its group is behind at which a resting source wakes though another
     *                   replica reads them ({@link RestDecision})
     */
    public KafkaSourceRests(Duration restAfter, Duration checkEvery, long backlog) {
        this(restAfter, checkEvery, backlog, REFRESH);
    }

    /** @param refresh how often groups and partitions are read though no end moved ({@link #REFRESH}) */
    KafkaSourceRests(Duration restAfter, Duration checkEvery, long backlog, Duration refresh) {
        this.restAfter = restAfter;
        this.backlog = backlog;
        this.refresh = refresh;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-rests");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Duration restAfter() {
        return restAfter;
    }

    @Override
    public Rest watch(Map<String, Object> clientProperties, String group, String topic, Runnable wake) {
        Watched watched = new Watched(group, topic, wake);
        Cluster cluster;
        synchronized (clusters) {
            cluster = clusters.computeIfAbsent(Map.copyOf(clientProperties), Cluster::new);
            cluster.watched.add(watched);
        }
        return () -> {
            synchronized (clusters) {
                cluster.watched.remove(watched);
            }
        };
    }

    /** Sources resting now, over every cluster. */
    public int resting() {
        synchronized (clusters) {
            return clusters.values().stream().mapToInt(cluster -> cluster.watched.size()).sum();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (clusters) {
            clusters.values().forEach(Cluster::close);
            clusters.clear();
        }
    }

    private void check() {
        List<Cluster> all;
        synchronized (clusters) {
            clusters.values().removeIf(cluster -> {
                if (cluster.watched.isEmpty()) {
                    cluster.close();
                    return true;
                }
                return false;
            });
            all = List.copyOf(clusters.values());
        }
        for (Cluster cluster : all) {
            List<Watched> resting;
            synchronized (clusters) {
                resting = List.copyOf(cluster.watched);
            }
            List<Watched> due;
            try {
                due = cluster.due(resting, backlog, refresh.toMillis(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                // The admin client cannot be made (its settings): waking would not help; asked again.
                log.warn("Cannot tell whether resting sources have records to read: {}", SourceListener.describe(e));
                continue;
            }
            for (Watched watched : due) {
                boolean mine;
                synchronized (clusters) {
                    mine = cluster.watched.remove(watched);
                }
                if (mine) {
                    try {
                        watched.wake.run();
                    } catch (RuntimeException e) {
                        log.error("Waking the source of group {} failed", watched.group, e);
                    }
                }
            }
        }
    }

    /** A resting source; equal only to itself, as a source stopped and rested again is a new watch. */
    private static final class Watched {

        private final String group;

        private final String topic;

        private final Runnable wake;

        // Read and written on the watcher's thread only: the end offsets when its group was last read, and when.
        private Map<TopicPartition, Long> endsAtGroupRead;

        private long groupReadAt;

        Watched(String group, String topic, Runnable wake) {
            this.group = group;
            this.topic = topic;
            this.wake = wake;
        }

        String group() {
            return group;
        }

        String topic() {
            return topic;
        }
    }

    /** One Kafka cluster's resting sources and the admin client that asks about them. */
    private static final class Cluster {

        private final Map<String, Object> properties;

        // Guarded by the rests' map of clusters.
        private final List<Watched> watched = new ArrayList<>();

        private Admin admin;

        // Read on the watcher's thread only: the partitions of the watched topics, and when they were read.
        private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

        private long partitionsReadAt;

        Cluster(Map<String, Object> properties) {
            this.properties = properties;
        }

        /**
         * Those of {@code now} to wake, asked of Kafka now (on the watcher's thread). Each check
         * reads the end offsets; a source's group (its commits and members) is read only when its
         * topic's end moved since the last read of it, and otherwise every {@code refreshMillis}, as
         * are the topics' partitions: a resting group's commits change only when a member reads.
         * A source whose topic, offsets or group Kafka cannot tell about now (a topic deleted, a
         * partition without a leader) is asked again at the next check; the others are decided
         * without it.
         */
        List<Watched> due(List<Watched> now, long backlog, long refreshMillis, long nowMillis) {
            if (now.isEmpty()) {
                return List.of();
            }
            Admin client = admin();
            Map<String, List<TopicPartition>> partitionsByTopic = partitions(client, now, refreshMillis, nowMillis);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitionsByTopic.values().forEach(partitions -> partitions.forEach(p -> latest.put(p, OffsetSpec.latest())));
            // Ingest reads committed records only: the last stable offset is where it would stop.
            ListOffsetsResult ends = client.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
            Map<Watched, Map<TopicPartition, Long>> endsBySource = new LinkedHashMap<>();
            Map<String, ListConsumerGroupOffsetsSpec> groups = new LinkedHashMap<>();
            for (Watched source : now) {
                List<TopicPartition> partitions = partitionsByTopic.get(source.topic());
                Map<TopicPartition, Long> endOffsets = partitions == null ? null : endOffsets(ends, partitions);
                if (endOffsets != null && (!endOffsets.equals(source.endsAtGroupRead)
                        || nowMillis - source.groupReadAt >= refreshMillis)) {
                    endsBySource.put(source, endOffsets);
                    groups.put(source.group(), new ListConsumerGroupOffsetsSpec().topicPartitions(partitions));
                }
            }
            if (groups.isEmpty()) {
                return List.of();
            }
            ListConsumerGroupOffsetsResult committed = client.listConsumerGroupOffsets(groups);
            Map<String, KafkaFuture<ConsumerGroupDescription>> members = client.describeConsumerGroups(groups.keySet())
                    .describedGroups();
            List<Watched> due = new ArrayList<>();
            endsBySource.forEach((source, endOffsets) -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = answer(
                        committed.partitionsToOffsetAndMetadata(source.group()), "group " + source.group());
                ConsumerGroupDescription group = answer(members.get(source.group()), "group " + source.group());
                if (offsets == null || group == null) {
                    return;
                }
                source.endsAtGroupRead = endOffsets;
                source.groupReadAt = nowMillis;
                if (RestDecision.wake(endOffsets, offsets, group.members().isEmpty(), backlog)) {
                    due.add(source);
                }
            });
            return due;
        }

        /** The partitions of the sources' topics, described again every {@code refreshMillis} or for a topic not known yet. */
        private Map<String, List<TopicPartition>> partitions(Admin client, List<Watched> sources, long refreshMillis,
                long nowMillis) {
            List<String> topics = sources.stream().map(Watched::topic).distinct().toList();
            boolean stale = nowMillis - partitionsReadAt >= refreshMillis;
            List<String> asked = stale ? topics : topics.stream().filter(topic -> !partitions.containsKey(topic)).toList();
            if (!asked.isEmpty()) {
                Map<String, KafkaFuture<TopicDescription>> described = client.describeTopics(asked).topicNameValues();
                for (String topic : asked) {
                    TopicDescription description = answer(described.get(topic), "topic " + topic);
                    if (description == null) {
                        partitions.remove(topic);
                    } else {
                        partitions.put(topic, description.partitions().stream()
                                .map(info -> new TopicPartition(topic, info.partition())).toList());
                    }
                }
                if (stale) {
                    partitions.keySet().retainAll(topics);
                    partitionsReadAt = nowMillis;
                }
            }
            return partitions;
        }

        /** Each partition's end offset, or null when Kafka could not tell one of them. */
        private static Map<TopicPartition, Long> endOffsets(ListOffsetsResult ends, List<TopicPartition> partitions) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ListOffsetsResultInfo end = answer(ends.partitionResult(partition), "partition " + partition);
                if (end == null) {
                    return null;
                }
                offsets.put(partition, end.offset());
            }
            return offsets;
        }

        /** What Kafka answered, or null (logged) when it did not in time. */
        private static <T> T answer(KafkaFuture<T> future, String about) {
            try {
                return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Resting sources: Kafka cannot tell about {} now ({}); asking again at the next check", about,
                        SourceListener.describe(e.getCause() != null ? e.getCause() : e));
                return null;
            }
        }

        private Admin admin() {
            if (admin == null) {
                Map<String, Object> config = new HashMap<>(properties);
                config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-ingest-rests");
                admin = Admin.create(config);
            }
            return admin;
        }

        void close() {
            if (admin != null) {
                admin.close(Duration.ofMillis(250));
                admin = null;
            }
        }
    }
}
