package io.sluice.model.control;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the values of the definitions and status KV buckets as UTF-8 JSON.
 *
 * <p>Reading ignores properties it does not know: the api-service and the workers are upgraded
 * one at a time, so a worker must still read a value a newer api-service wrote, and the other way
 * round. The definition inside a {@link PipelineControl} was validated before it was published;
 * it is read as it is.
 */
public final class ControlJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
        .build();

    private ControlJson() {
    }

    /** The JSON of a control value, secrets in clear: only for the definitions bucket. */
    public static byte[] write(PipelineControl control) {
        return MAPPER.writeValueAsBytes(control);
    }

    public static byte[] write(WorkerStatus status) {
        return MAPPER.writeValueAsBytes(status);
    }

    public static byte[] write(ReplicaHeartbeat heartbeat) {
        return MAPPER.writeValueAsBytes(heartbeat);
    }

    /**
     * The control value in this JSON.
     * @throws InvalidControlJsonException if it is not one
     */
    public static PipelineControl readControl(byte[] json) {
        try {
            PipelineControl control = MAPPER.readValue(json, PipelineControl.class);
            if (control == null) {
                throw new InvalidControlJsonException("a pipeline control value is a JSON object, not null", null);
            }
            return control;
        }
        catch (JacksonException | NullPointerException ex) {
            // The record's constructor rejects a value without definition, state or time (NullPointerException).
            throw new InvalidControlJsonException("not a pipeline control value: " + describe(ex), ex);
        }
    }

    /**
     * The worker status in this JSON.
     * @throws InvalidControlJsonException if it is not one
     */
    public static WorkerStatus readStatus(byte[] json) {
        return readObject(json, WorkerStatus.class, "a worker status");
    }

    /**
     * The replica heartbeat in this JSON.
     * @throws InvalidControlJsonException if it is not one
     */
    public static ReplicaHeartbeat readHeartbeat(byte[] json) {
        return readObject(json, ReplicaHeartbeat.class, "a replica heartbeat");
    }

    private static <T> T readObject(byte[] json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidControlJsonException(what + " is a JSON object, not null", null);
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new InvalidControlJsonException("not " + what + ": " + describe(ex), ex);
        }
    }

    // Never the value itself: a control value holds secrets.
    private static String describe(Exception ex) {
        return (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
    }

}
