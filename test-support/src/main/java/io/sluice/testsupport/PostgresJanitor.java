package io.sluice.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Drops the PostgreSQL schemas of test namespaces once their class has run, so that a machine
 * running the tests often does not collect a schema (and its Flyway history) per test class and run.
 */
public final class PostgresJanitor {

    // TestNamespace ids only; anything else is never dropped, whatever a caller passes.
    private static final Pattern TEST_SCHEMA = Pattern.compile("^t_[a-z0-9]{1,20}_[a-z0-9]{1,6}$");

    private PostgresJanitor() {
    }

    /** Drops the schemas of these namespaces, with everything in them; returns how many were asked for. */
    public static int removeNamespaces(LocalEndpoints endpoints, Collection<TestNamespace> namespaces) {
        int dropped = 0;
        if (namespaces.isEmpty()) {
            return dropped;
        }
        try (Connection connection = DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(),
                endpoints.postgresPassword()); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(15);
            for (TestNamespace namespace : namespaces) {
                if (TEST_SCHEMA.matcher(namespace.postgresSchema()).matches()) {
                    statement.execute("DROP SCHEMA IF EXISTS \"" + namespace.postgresSchema() + "\" CASCADE");
                    dropped++;
                }
            }
        } catch (Exception e) {
            // Cleaning up must never fail a test: at worst the schemas stay.
        }
        return dropped;
    }
}
