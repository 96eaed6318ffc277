package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeduplicationSettingsTests {

    @Test
    void everyInsertAsksForDeduplicationWhateverTheUsersProfileSays() {
        assertThat(ClientV2ClickHouseWriter.deduplicationSettings(ServerVersion.parse("18.16.1")))
                .containsExactly(java.util.Map.entry("insert_deduplicate", "1"));
    }

    @Test
    void serversThatKnowAsynchronousInsertsAreToldNotToBufferTheBlock() {
        assertThat(ClientV2ClickHouseWriter.deduplicationSettings(ServerVersion.parse("21.11.2.2")))
                .containsEntry("insert_deduplicate", "1").containsEntry("async_insert", "0");
        assertThat(ClientV2ClickHouseWriter.deduplicationSettings(ServerVersion.parse("24.3.1.2672")))
                .containsEntry("async_insert", "0");
        assertThat(ClientV2ClickHouseWriter.deduplicationSettings(ServerVersion.parse("21.10.1")))
                .doesNotContainKey("async_insert");
    }
}
