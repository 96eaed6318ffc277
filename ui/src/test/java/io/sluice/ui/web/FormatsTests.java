package io.sluice.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FormatsTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void rateNobodyMeasuredIsShownAsUnknownNotAsZero() {
        assertThat(Formats.rate(null)).isEqualTo("–");
        assertThat(Formats.rate(0.0)).isEqualTo("0");
    }

    @Test
    void ratesAreShortEnoughForAPhoneWidthTable() {
        assertThat(Formats.rate(0.44)).isEqualTo("0.4");
        assertThat(Formats.rate(2.0)).isEqualTo("2");
        assertThat(Formats.rate(12.4)).isEqualTo("12");
        assertThat(Formats.rate(950.0)).isEqualTo("950");
        assertThat(Formats.rate(12_500.0)).isEqualTo("12.5k");
        assertThat(Formats.rate(40_000.0)).isEqualTo("40k");
        assertThat(Formats.rate(3_140_000.0)).isEqualTo("3.1M");
    }

    @Test
    void negativeRateIsShownAsZero() {
        assertThat(Formats.rate(-3.0)).isEqualTo("0");
    }

    @Test
    void countsHaveThousandsSeparators() {
        assertThat(Formats.count(1_234_567L)).isEqualTo("1,234,567");
        assertThat(Formats.count(0L)).isEqualTo("0");
        assertThat(Formats.count(null)).isEqualTo("–");
    }

    @Test
    void sizesUseBinaryUnitsThatKeepThemShort() {
        assertThat(Formats.bytes(512L)).isEqualTo("512 B");
        assertThat(Formats.bytes(12_800L)).isEqualTo("12.5 KiB");
        assertThat(Formats.bytes(3L * 1024 * 1024)).isEqualTo("3 MiB");
        assertThat(Formats.bytes(null)).isEqualTo("–");
    }

    @Test
    void latenciesUseTheUnitThatKeepsThemShort() {
        assertThat(Formats.millis(120L)).isEqualTo("120 ms");
        assertThat(Formats.millis(1500L)).isEqualTo("1.5 s");
        assertThat(Formats.millis(2000L)).isEqualTo("2 s");
        assertThat(Formats.millis(138_000L)).isEqualTo("2.3 min");
        assertThat(Formats.millis(null)).isEqualTo("–");
    }

    @Test
    void timesAreUtcAndSaySo() {
        assertThat(Formats.time(Instant.parse("2026-03-01T12:00:05.678Z"))).isEqualTo("2026-03-01 12:00:05 UTC");
        assertThat(Formats.time(null)).isEqualTo("–");
    }

    @Test
    void agoUsesTheLargestWholeUnit() {
        assertThat(Formats.ago(NOW.minusMillis(300), NOW)).isEqualTo("just now");
        assertThat(Formats.ago(NOW.minusSeconds(4), NOW)).isEqualTo("4 s ago");
        assertThat(Formats.ago(NOW.minusSeconds(190), NOW)).isEqualTo("3 min ago");
        assertThat(Formats.ago(NOW.minusSeconds(7300), NOW)).isEqualTo("2 h ago");
        assertThat(Formats.ago(NOW.minusSeconds(5 * 86_400), NOW)).isEqualTo("5 d ago");
    }

    @Test
    void heartbeatFromAClockAheadOfOursIsJustNow() {
        assertThat(Formats.ago(NOW.plusSeconds(2), NOW)).isEqualTo("just now");
    }

    @Test
    void truncatesLongTextAndSaysSo() {
        assertThat(Formats.truncate("abcdef", 3)).isEqualTo("abc…");
        assertThat(Formats.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Formats.truncate(null, 3)).isNull();
    }

    @Test
    void truncatingNeverCutsAnEmojiInHalf() {
        assertThat(Formats.truncate("ab😀cd", 3)).isEqualTo("ab…");
    }
}
