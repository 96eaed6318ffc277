package io.sluice.ui.wizard;

import java.util.Optional;

/** The wizard's pages, in order; {@link #slug()} is the last segment of each page's URL. */
enum Step {

    KAFKA("kafka", "Kafka connection"),
    TOPIC("topic", "Topic and fields"),
    DEDUP("dedup", "Deduplication"),
    JOIN("join", "Join"),
    FILTER("filter", "Filter"),
    CLICKHOUSE("clickhouse", "ClickHouse connection"),
    TABLE("table", "Table and mapping"),
    REVIEW("review", "Review");

    private final String slug;

    private final String title;

    Step(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    int number() {
        return ordinal() + 1;
    }

    Step next() {
        return this == REVIEW ? REVIEW : values()[ordinal() + 1];
    }

    Step previous() {
        return this == KAFKA ? KAFKA : values()[ordinal() - 1];
    }

    static Optional<Step> fromSlug(String slug) {
        for (Step step : values()) {
            if (step.slug.equals(slug)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
