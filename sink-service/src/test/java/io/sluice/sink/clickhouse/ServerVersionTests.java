package io.sluice.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerVersionTests {

    @Test
    void parsesWhatVersionReturnsOnOldAndNewServers() {
        assertThat(ServerVersion.parse("18.16.1")).isEqualTo(new ServerVersion(18, 16, 1));
        assertThat(ServerVersion.parse("24.3.1.2672")).isEqualTo(new ServerVersion(24, 3, 1));
        assertThat(ServerVersion.parse("23.8.9.54-lts")).isEqualTo(new ServerVersion(23, 8, 9));
        assertThat(ServerVersion.parse("22.2")).isEqualTo(new ServerVersion(22, 2, 0));
    }

    @Test
    void refusesTextThatIsNoVersion() {
        assertThatThrownBy(() -> ServerVersion.parse("latest")).hasMessage("not a ClickHouse version: \"latest\"");
        assertThatThrownBy(() -> ServerVersion.parse("18")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendsTheDeduplicationTokenOnlyFrom22Point2() {
        assertThat(ServerVersion.parse("18.16.1").supportsInsertDeduplicationToken()).isFalse();
        assertThat(ServerVersion.parse("22.1.3.7").supportsInsertDeduplicationToken()).isFalse();
        assertThat(ServerVersion.parse("22.2.2.1").supportsInsertDeduplicationToken()).isTrue();
        assertThat(ServerVersion.parse("24.3.1.2672").supportsInsertDeduplicationToken()).isTrue();
    }

    @Test
    void comparesByMajorThenMinorThenPatch() {
        assertThat(ServerVersion.parse("20.1.0").isAtLeast(20, 1)).isTrue();
        assertThat(ServerVersion.parse("19.17.9").isAtLeast(20, 1)).isFalse();
        assertThat(ServerVersion.parse("21.12.1").isAtLeast(21, 2)).isTrue();
        assertThat(ServerVersion.parse("18.16.1")).isLessThan(ServerVersion.parse("18.16.2"));
    }

}
