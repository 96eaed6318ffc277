package io.sluice.worker.lane;

import tools.jackson.databind.json.JsonMapper;

/** The stored form of a lane: small JSON, readable with any NATS client when debugging. */
final class LaneJson {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private LaneJson() {
    }

    static byte[] write(LaneProgress progress) {
        return MAPPER.writeValueAsBytes(progress);
    }

    static LaneProgress read(byte[] json) {
        return MAPPER.readValue(json, LaneProgress.class);
    }
}
