package io.sluice.model.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClickHouseUrlsTests {

    private static final String WHERE = "put them in sink.username";

    @Test
    void splitsTheReplicasOfOneShardAtCommasAndDropsBlanks() {
        assertThat(ClickHouseUrls.split(" http://ch-1:8123 , http://ch-2:8123,, ")).containsExactly("http://ch-1:8123",
                "http://ch-2:8123");
        assertThat(ClickHouseUrls.split("http://ch:8123")).containsExactly("http://ch:8123");
        assertThat(ClickHouseUrls.split(null)).isEmpty();
    }

    @Test
    void acceptsOneUrlOrSeveral() {
        assertThat(ClickHouseUrls.problem("http://ch:8123", WHERE)).isEmpty();
        assertThat(ClickHouseUrls.problem("https://ch-1:8443,https://ch-2:8443", WHERE)).isEmpty();
    }

    @Test
    void namesTheUrlThatIsNotHttpAmongSeveral() {
        assertThat(ClickHouseUrls.problem("http://ch-1:8123,ch-2:8123", WHERE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("must be an http:// or https:// URL").contains("not \"ch-2:8123\""));
        assertThat(ClickHouseUrls.problem("http://ch:8123/?database=x", WHERE)).hasValueSatisfying(problem ->
                assertThat(problem).contains("no query string"));
    }

    @Test
    void refusesCredentialsInAnyUrlWithoutEchoingThem() {
        assertThat(ClickHouseUrls.problem("http://ch-1:8123,http://bob:s3cret@ch-2:8123", WHERE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("must not contain a user or password").contains(WHERE).doesNotContain("s3cret"));
    }

    @Test
    void refusesTheSameReplicaTwice() {
        assertThat(ClickHouseUrls.problem("http://ch:8123, http://ch:8123", WHERE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("lists the same URL twice"));
    }
}
