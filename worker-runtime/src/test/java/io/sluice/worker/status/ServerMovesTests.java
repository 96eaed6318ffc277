package io.sluice.worker.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ServerMovesTests {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final ServerMoves moves = new ServerMoves();

    @Test
    void saysNothingWhileTheServerStaysTheSame() {
        moves.observe("NATS", "sluice-1 nats://127.0.0.1:4231", T0);
        moves.observe("NATS", "sluice-1 nats://127.0.0.1:4231", T0.plusSeconds(1));

        assertThat(moves.warnings(T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void warnsOfAMoveToAnotherServerForFiveMinutes() {
        moves.observe("NATS", "sluice-1 nats://127.0.0.1:4231", T0);
        moves.observe("NATS", "sluice-2 nats://127.0.0.1:4232", T0.plusSeconds(1));

        assertThat(moves.warnings(T0.plusSeconds(60))).containsExactly("NATS server sluice-1 nats://127.0.0.1:4231 was lost"
                + " or left at 2026-12-05T10:00:01Z; this replica went on with sluice-2 nats://127.0.0.1:4232");
        assertThat(moves.warnings(T0.plusSeconds(1).plus(ServerMoves.SHOWN_FOR).plusSeconds(1))).isEmpty();
    }

    @Test
    void aMomentWithoutServerIsNoMove() {
        moves.observe("NATS", "sluice-1 nats://127.0.0.1:4231", T0);
        moves.observe("NATS", null, T0.plusSeconds(1));
        moves.observe("NATS", "sluice-1 nats://127.0.0.1:4231", T0.plusSeconds(2));

        assertThat(moves.warnings(T0.plusSeconds(2))).isEmpty();
    }
}
