package io.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import io.sluice.model.nats.NatsNames;
import org.junit.jupiter.api.Test;

class TestNamespaceTests {

    static class AVeryLongTestClassNameThatWouldOverflowIdentifierLimitsIntegrationTests {
    }

    @Test
    void namesAreValidForEveryServerAndBoundedInLength() {
        TestNamespace namespace = TestNamespace.forClass(AVeryLongTestClassNameThatWouldOverflowIdentifierLimitsIntegrationTests.class);

        assertThat(namespace.id()).matches("t_[a-z0-9]{1,20}_[a-z0-9]{1,6}");
        assertThat(namespace.kafkaTopic("orders")).matches("[a-zA-Z0-9._-]{1,249}");
        assertThat(namespace.natsPrefix()).doesNotContain(".", "*", ">", " ");
        assertThat(NatsNames.withPrefix(namespace.natsPrefix()).definitionsBucket()).startsWith(namespace.id());
        assertThat(namespace.clickHouseDatabase()).hasSizeLessThan(64);
        assertThat(namespace.postgresSchema()).hasSizeLessThan(64);
    }

    @Test
    void twoClassesOrTwoRunsNeverShareANamespace() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(TestNamespace.forClass(TestNamespaceTests.class).id());
        }

        assertThat(ids).hasSize(1_000);
    }
}
