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

    private static SchemaRow find(List<SchemaRow> rows, String name) {
        return rows.stream().filter((row) -> row.name().equals(name)).findFirst().orElse(null);
    }
}
