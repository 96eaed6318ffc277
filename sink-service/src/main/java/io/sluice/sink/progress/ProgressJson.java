package io.sluice.sink.progress;

import tools.jackson.databind.json.JsonMapper;

/** The stored form of a lane's progress: small JSON, readable with any NATS client when debugging. */
final class ProgressJson {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private ProgressJson() {
    }

    static byte[] write(Progress progress) {
        return MAPPER.writeValueAsBytes(progress);
    }

    static Progress read(byte[] json) {
        return MAPPER.readValue(json, Progress.class);
    }
}
