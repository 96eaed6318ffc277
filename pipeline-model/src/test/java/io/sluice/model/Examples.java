package io.sluice.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The example definitions under src/test/resources/examples. */
public final class Examples {

    public static final String ORDERS_DEDUP = "orders-dedup.json";

    public static final String ORDERS_PAYMENTS_JOIN = "orders-payments-join.json";

    private Examples() {
    }

    public static String json(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
