package io.sluice.sink.progress;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The stored form of a lane's progress: small JSON, readable with any NATS client when debugging. */
final class ProgressJson {

    // Fields added later (an intent's message and record counts) read as 0 from values written before them.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ProgressJson() {
    }

    static byte[] write(Progress progress) {
        return MAPPER.writeValueAsBytes(progress);
    }

    static Progress read(byte[] json) {
        return MAPPER.readValue(json, Progress.class);
    }
}
