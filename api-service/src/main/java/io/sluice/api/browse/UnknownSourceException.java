package io.sluice.api.browse;

/** No such pipeline, or the pipeline has no source of that id. */
class UnknownSourceException extends BrowseException {

    UnknownSourceException(String message) {
        super(message, null);
    }
}
