package io.sluice.model.deadletter;

/** A message on a dead-letter subject that lacks a header the codec needs, or has one it cannot read. */
public class MalformedDeadLetterException extends RuntimeException {

    public MalformedDeadLetterException(String message) {
        super(message);
    }

}
