package io.sluice.ui.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sluice.ui.wizard.Lookups.SampleField;
import io.sluice.ui.wizard.WizardForms.SchemaRow;

/** Turns a sample's guessed fields into schema rows, and a topic name into a source id. */
final class SchemaProposal {

    private SchemaProposal() {
    }

    /**
     * The sample's fields as rows, in the sample's order. A field the user already has keeps their
     * row (a corrected type, an unticked field); fields of theirs the sample lacks stay at the end,
     * since one event need not carry every field.
     */
    static List<SchemaRow> merge(List<SchemaRow> current, List<SampleField> sampled) {
        List<SchemaRow> rows = new ArrayList<>();
        for (SampleField field : sampled) {
            SchemaRow existing = find(current, field.name());
            rows.add(existing != null ? existing : new SchemaRow(true, field.name(), field.type()));
        }
        for (SchemaRow row : current) {
            if (sampled.stream().noneMatch((field) -> field.name().equals(row.name()))) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * A source id (a slug: lower-case letters, digits and '-', at most 63) made from a topic name:
     * {@code Orders.EU_v2} → {@code orders-eu-v2}.
     */
    static String sourceId(String topic) {
        String slug = topic == null ? "" : topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > 63) {
            slug = slug.substring(0, 63).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "source" : slug;
    }

    /**
     * A field on which the sampled events disagree, for the topic page.
     *
     * @param counts how many events held what, like {@code float in 18 events, string in 2}
     * @param advice what the guess means for the user, blank when there is nothing to do
     * @param choose whether the user should choose the type: no one type fits every value
     */
    record Disagreement(String field, String counts, String advice, boolean choose) {
    }

    /**
     * The fields whose type is not the same in every sampled event (nulls included) or that some
     * events lack, in the sample's order. A sample of one event disagrees with nothing.
     */
    static List<Disagreement> disagreements(List<SampleField> sampled, int events) {
        List<Disagreement> found = new ArrayList<>();
        for (SampleField field : sampled) {
            if (field.seenAs().size() <= 1 && field.missingIn() == 0) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < field.seenAs().size(); i++) {
                var count = field.seenAs().get(i);
                parts.add(count.type() + " in " + count.events() + (i == 0 ? (count.events() == 1 ? " event" : " events") : ""));
            }
            if (field.missingIn() > 0) {
                parts.add("missing in " + field.missingIn() + " of " + events);
            }
            String advice;
            if (!field.fitsAll()) {
                advice = "No one type fits every value: the guess " + field.type() + " is the most frequent, and values"
                        + " that do not fit the column go to the dead letters. Choose the type the events should have.";
            } else if (field.seenAs().stream().filter((c) -> !c.type().equals("null")).count() > 1) {
                advice = "Guessed " + field.type() + ", which fits them all.";
            } else {
                advice = "";
            }
            found.add(new Disagreement(field.name(), String.join(", ", parts), advice, !field.fitsAll()));
        }
        return found;
    }

    private static SchemaRow find(List<SchemaRow> rows, String name) {
        return rows.stream().filter((row) -> row.name().equals(name)).findFirst().orElse(null);
    }
}
