package io.sluice.api.browse;

/** A parameter of a look at a topic out of its range, or two that contradict each other. */
class InvalidBrowseRequestException extends BrowseException {

    private final String parameter;

    InvalidBrowseRequestException(String parameter, String message) {
        super(message, null);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
