package io.sluice.ui.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * How the pages write numbers and times: short enough for a phone-width table, never
 * {@code null} (what is unknown shows as {@link #UNKNOWN}). Pages get these strings from their
 * controllers; templates only print them.
 */
public final class Formats {

    /** Shown for a value nobody measured yet (no sample, no report): not the same as 0. */
    public static final String UNKNOWN = "–";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** Events per second: {@code 0}, {@code 0.4}, {@code 12}, {@code 950}, {@code 12.5k}, {@code 3.1M}. */
    public static String rate(Double perSecond) {
        if (perSecond == null || perSecond.isNaN()) {
            return UNKNOWN;
        }
        double value = Math.max(0, perSecond);
        if (value == 0) {
            return "0";
        }
        if (value < 10) {
            return trimZero(String.format(Locale.ROOT, "%.1f", value));
        }
        if (value < 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value < 1_000_000) {
            return trimZero(String.format(Locale.ROOT, "%.1f", value / 1000)) + "k";
        }
        return trimZero(String.format(Locale.ROOT, "%.1f", value / 1_000_000)) + "M";
    }

    /** A counter with thousands separators: {@code 1,234,567}. */
    public static String count(Long value) {
        return value == null ? UNKNOWN : String.format(Locale.ENGLISH, "%,d", value);
    }

    /** A size in bytes: {@code 512 B}, {@code 12.5 KiB}, {@code 3.1 MiB}, {@code 2 GiB}. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return UNKNOWN;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = Math.max(0, bytes);
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (unit == 0 ? String.valueOf((long) value) : trimZero(String.format(Locale.ROOT, "%.1f", value))) + " "
                + units[unit];
    }

    /** A latency: {@code 120 ms}, {@code 1.5 s}, {@code 2.3 min}. */
    public static String millis(Long millis) {
        if (millis == null) {
            return UNKNOWN;
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return trimZero(String.format(Locale.ROOT, "%.1f", millis / 1000.0)) + " s";
        }
        return trimZero(String.format(Locale.ROOT, "%.1f", millis / 60_000.0)) + " min";
    }

    /** An instant for people: {@code 2026-03-01 12:00:05 UTC}. */
    public static String time(Instant instant) {
        return instant == null ? UNKNOWN : TIME.format(instant);
    }

    /** How long ago: {@code just now}, {@code 4 s ago}, {@code 3 min ago}, {@code 2 h ago}, {@code 5 d ago}. */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return UNKNOWN;
        }
        // A clock slightly ahead of ours is "just now", not "in the future".
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 1) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    /**
     * At most {@code max} characters of {@code text}, with {@code …} when it was longer. Never cuts
     * a character in half (an emoji is two Java chars).
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String trimZero(String number) {
        return number.endsWith(".0") ? number.substring(0, number.length() - 2) : number;
    }

    /**
     * Bytes the api-service gives as text when they are UTF-8 and always as base64 (a Kafka key, a
     * header's value): the text, else the base64 marked so, else {@code absent}.
     */
    public static String textOrBase64(JsonNode text, JsonNode base64, String absent) {
        if (text.isString()) {
            return text.asString();
        }
        return base64.isString() ? base64.asString() + " (base64)" : absent;
    }

    /** Kafka headers as the api-service lists them ({@code name}, {@code value}, {@code valueBase64}), one "name: value" each. */
    public static List<String> kafkaHeaders(JsonNode headers) {
        List<String> shown = new ArrayList<>();
        for (JsonNode header : headers) {
            shown.add(header.path("name").asString("") + ": "
                    + textOrBase64(header.path("value"), header.path("valueBase64"), "(no value)"));
        }
        return List.copyOf(shown);
    }
}
