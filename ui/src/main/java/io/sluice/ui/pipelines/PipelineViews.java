package io.sluice.ui.pipelines;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.ui.web.Formats;
import tools.jackson.databind.JsonNode;

/**
 * Turns the api-service's JSON into what the pipeline pages print: every number already
 * formatted, every missing value {@link Formats#UNKNOWN}. Pure, so each page's content is tested
 * without a server.
 */
final class PipelineViews {

    private PipelineViews() {
    }

    /**
     * A row of the pipelines list.
     *
     * @param warnings what its workers warn about (it runs, but a guarantee is weaker than promised)
     * @param problems why a stage of it does not run where it should (the api-service's health
     *                 {@code degraded}); empty when it is ok
     */
    record PipelineRow(String id, String name, String status, String eventsIn, String eventsOut, String duplicates,
            String deadLetters, String lag, List<String> warnings, List<String> problems) {

        /** Whether a stage cannot run it: the row says "degraded" beside its status. */
        public boolean degraded() {
            return !problems.isEmpty();
        }

        /** "1 warning", "2 warnings": what a screen reader says for the row's warning mark. */
        public String warningCount() {
            return warnings.size() + (warnings.size() == 1 ? " warning" : " warnings");
        }
    }

    /** One warning of the detail page's banner and the component that reports it. */
    record WarningRow(String component, String text) {
    }

    /**
     * One component of the detail page's status table, with its replicas.
     *
     * @param filtered events the pipeline's filter dropped: with it, in adds up to out + duplicates + filtered
     *                 + dead letters
     */
    record ComponentRow(String component, String replicas, boolean anyReporting, String eventsIn, String eventsOut,
            String duplicates, String deadLetters, String lag, String lastHeartbeat, String lastError,
            List<ReplicaRow> replicaRows, String filtered) {
    }

    /**
     * @param name what people read ({@code ingest @ myhost · 3f9a}); the full {@code replicaId} goes in its
     *             title, and is the name itself from an api-service that names none
     */
    record ReplicaRow(String replicaId, String state, boolean reporting, String heartbeat, String eventsIn,
            String eventsOut, String duplicates, String deadLetters, String lag, String lastError, String servers,
            String name, String filtered) {
    }

    /**
     * What waits in Kafka for the pipeline, as the broker tells it.
     *
     * @param total   the number, or null when unknown
     * @param unknown why it is unknown ("lag unknown: …"), or null
     * @param partitions one row per source partition
     */
    record BrokerLagFigures(String total, String unknown, List<PartitionRow> partitions) {
    }

    record PartitionRow(String source, String topic, String partition, String endOffset, String committedOffset,
            String lag) {
    }

    /**
     * The join's own figures on the detail page: counters summed over its replicas since each
     * started, waiting and state the whole pipeline's now.
     */
    record JoinFigures(String leftIn, String rightIn, String joined, String unmatched, String waiting,
            String stateBytes) {
    }

    /** One lifecycle event: {@code change} is e.g. {@code running → paused}. */
    record EventRow(String at, String kind, String change, String reason, String actor) {
    }

    /**
     * @param summary   an item of {@code GET /pipelines}
     * @param lastPoint the newest point of {@code GET /pipelines/{id}/metrics}, or null when there is none
     */
    static PipelineRow row(JsonNode summary, JsonNode lastPoint) {
        JsonNode point = lastPoint == null ? tools.jackson.databind.node.MissingNode.getInstance() : lastPoint;
        return new PipelineRow(summary.path("id").asString(), summary.path("name").asString(summary.path("id").asString()),
                summary.path("status").asString("unknown"), Formats.rate(decimal(point, "eventsInPerSecond")),
                Formats.rate(decimal(point, "eventsOutPerSecond")), Formats.count(integer(point, "duplicatesDropped")),
                // What the dead-letter stream holds, not the replicas' counters, which restart with them.
                Formats.count(integer(point, "deadLettersStored")), Formats.count(integer(point, "lag")),
                texts(summary.path("warnings")), texts(summary.path("problems")));
    }

    /** Why stages of the pipeline do not run ({@code problems} of its status); none when it is ok. */
    static List<String> problems(JsonNode status) {
        return texts(status.path("problems"));
    }

    /**
     * The warnings of {@code GET /pipelines/{id}/status}, component by component in data-flow
     * order; none from an api-service that does not report them.
     */
    static List<WarningRow> warnings(JsonNode status) {
        List<WarningRow> rows = new ArrayList<>();
        for (JsonNode component : status.path("components")) {
            for (String text : texts(component.path("warnings"))) {
                rows.add(new WarningRow(component.path("component").asString(), text));
            }
        }
        return List.copyOf(rows);
    }

    /** "NATS sluice-2 nats://…, ClickHouse http://…": which cluster node a replica depends on; empty when unknown. */
    static String servers(JsonNode servers) {
        List<String> shown = new ArrayList<>();
        for (String kind : List.of("nats", "redis", "clickhouse")) {
            String server = servers.path(kind).asString("");
            if (!server.isBlank()) {
                shown.add(switch (kind) {
                    case "nats" -> "NATS";
                    case "redis" -> "Redis";
                    default -> "ClickHouse";
                } + " " + server);
            }
        }
        return String.join(", ", shown);
    }

    /** The components of {@code GET /pipelines/{id}/status} that have or had replicas; join only when it has. */
    static List<ComponentRow> components(JsonNode status, Instant now) {
        List<ComponentRow> rows = new ArrayList<>();
        for (JsonNode component : status.path("components")) {
            List<ReplicaRow> replicas = new ArrayList<>();
            for (JsonNode replica : component.path("replicas")) {
                replicas.add(new ReplicaRow(replica.path("replicaId").asString(), replica.path("state").asString(),
                        replica.path("reporting").asBoolean(), Formats.ago(instant(replica, "heartbeatAt"), now),
                        Formats.count(integer(replica, "eventsIn")), Formats.count(integer(replica, "eventsOut")),
                        Formats.count(integer(replica, "duplicatesDropped")),
                        Formats.count(integer(replica, "deadLetters")), Formats.count(integer(replica, "lag")),
                        text(replica, "lastError"), servers(replica.path("servers")),
                        text(replica, "name") == null ? replica.path("replicaId").asString() : text(replica, "name"),
                        Formats.count(integer(replica, "filtered"))));
            }
            String name = component.path("component").asString();
            if ("join".equals(name) && replicas.isEmpty()) {
                continue; // most pipelines have no join: an empty row would only look broken
            }
            int reporting = component.path("replicasReporting").asInt();
            int stale = component.path("replicasStale").asInt();
            rows.add(new ComponentRow(name, replicaCount(reporting, stale), reporting > 0,
                    Formats.count(integer(component, "eventsIn")), Formats.count(integer(component, "eventsOut")),
                    Formats.count(integer(component, "duplicatesDropped")),
                    Formats.count(integer(component, "deadLetters")), Formats.count(integer(component, "maxLag")),
                    Formats.ago(instant(component, "lastHeartbeat"), now), text(component, "lastError"),
                    List.copyOf(replicas), Formats.count(integer(component, "filtered"))));
        }
        return List.copyOf(rows);
    }

    /** The join component's own figures in {@code GET /pipelines/{id}/status}, or null when no join replica reported them. */
    static JoinFigures join(JsonNode status) {
        for (JsonNode component : status.path("components")) {
            JsonNode join = component.path("join");
            if ("join".equals(component.path("component").asString()) && join.isObject()) {
                return new JoinFigures(Formats.count(integer(join, "leftIn")), Formats.count(integer(join, "rightIn")),
                        Formats.count(integer(join, "joined")), Formats.count(integer(join, "unmatched")),
                        Formats.count(integer(join, "waiting")), Formats.bytes(integer(join, "stateBytes")));
            }
        }
        return null;
    }

    /**
     * The {@code brokerLag} of {@code GET /pipelines/{id}/status}, or null from an api-service that does
     * not measure it. A lag the broker could not tell is never shown as 0.
     */
    static BrokerLagFigures brokerLag(JsonNode status) {
        JsonNode lag = status.path("brokerLag");
        if (!lag.isObject()) {
            return null;
        }
        List<PartitionRow> partitions = new ArrayList<>();
        for (JsonNode source : lag.path("sources")) {
            for (JsonNode partition : source.path("partitions")) {
                Long committed = integer(partition, "committedOffset");
                partitions.add(new PartitionRow(source.path("sourceId").asString(), source.path("topic").asString(),
                        String.valueOf(partition.path("partition").asInt()), Formats.count(integer(partition, "endOffset")),
                        committed == null ? "none yet" : Formats.count(committed), Formats.count(integer(partition, "lag"))));
            }
        }
        Long total = integer(lag, "total");
        String reason = text(lag, "unknown");
        return new BrokerLagFigures(total == null ? null : Formats.count(total),
                total == null ? "lag unknown: " + (reason == null ? "the broker did not tell" : reason) : null,
                List.copyOf(partitions));
    }

    /** The items of {@code GET /pipelines/{id}/events}, newest first as the API gives them. */
    static List<EventRow> events(JsonNode events) {
        List<EventRow> rows = new ArrayList<>();
        for (JsonNode event : events.path("items")) {
            String from = text(event, "from");
            String to = text(event, "to");
            String change = from == null && to == null ? "" : (from == null ? "" : from + " → ") + (to == null ? "deleted" : to);
            rows.add(new EventRow(Formats.time(instant(event, "at")), event.path("kind").asString(), change,
                    text(event, "reason"), text(event, "actor")));
        }
        return List.copyOf(rows);
    }

    static String replicaCount(int reporting, int stale) {
        String count = reporting + (reporting == 1 ? " replica" : " replicas");
        return stale == 0 ? count : count + ", " + stale + " silent";
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (JsonNode value : array) {
            if (value.isString() && !value.asString().isBlank()) {
                texts.add(value.asString());
            }
        }
        return List.copyOf(texts);
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }

    private static Long integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isEmpty() ? value.asString() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
